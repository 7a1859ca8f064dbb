package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"mentorgen/generator"
	"mentorgen/generator/deploy"
)

func cmdDeploy(args []string, stdout, stderr io.Writer) int {
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	return deployCtx(ctx, args, stdout, stderr, nil)
}

// deployCtx runs deploy until ctx ends; progress, when set, is called after each object (tests
// cancel ctx from it to interrupt a deploy midway).
func deployCtx(ctx context.Context, args []string, stdout, stderr io.Writer, progress func(done, total int)) int {
	fs := newFlags("deploy", "deploy [flags]", stderr)
	src := fs.String("src", ".", "site folder (with site.yaml)")
	out := fs.String("out", "", "the built folder to publish (default <src>/public)")
	target := fs.String("target", "", "the deploy target of site.yaml to publish to (default: the first)")
	dryRun := fs.Bool("dry-run", false, "print what would be uploaded and deleted, and change nothing (it still lists the bucket: it needs the network and credentials that may list it)")
	maxDeletes := fs.Int("max-deletes", deploy.DefaultMaxDeletes, "refuse to delete more objects than this")
	force := fs.Bool("force", false, "delete however many objects the site no longer has")
	if code, stop := parseFlags(fs, args); stop {
		return code
	}
	if code, stop := checkSiteArgs("deploy", fs, *src, stderr); stop {
		return code
	}
	if *maxDeletes < 0 {
		fmt.Fprintln(stderr, "mentorgen deploy: --max-deletes must not be negative")
		return exitUsage
	}
	if *out == "" {
		*out = filepath.Join(*src, "public")
	}
	data, err := os.ReadFile(filepath.Join(*src, "site.yaml"))
	if err != nil {
		fmt.Fprintln(stderr, "mentorgen deploy:", err)
		return exitContent
	}
	cfg, diags := generator.ParseConfig("site.yaml", data)
	if len(diags.Errors()) > 0 {
		return report(stderr, stderr, "deploy", diags.Errors(), "; nothing was deployed")
	}
	t, ok := pickTarget(cfg.Deploy.Targets, *target, stderr)
	if !ok {
		return exitUsage
	}
	o := deploy.Options{Dir: *out, Target: t, DryRun: *dryRun, MaxDeletes: *maxDeletes, Force: *force, Progress: progress}
	start := time.Now()
	if isTerminal(stderr) && progress == nil {
		o.Progress = func(done, total int) {
			if time.Since(start) > time.Second {
				fmt.Fprintf(stderr, "\rdeploying %d of %d objects…", done, total)
			}
		}
	}
	where := "s3://" + t.Bucket + "/" + t.Prefix
	res, err := deploy.Deploy(ctx, o)
	if isTerminal(stderr) && time.Since(start) > time.Second {
		fmt.Fprint(stderr, "\r\033[K")
	}
	if res != nil && res.Plan != nil && (*dryRun || errors.As(err, new(*deploy.TooManyDeletes))) {
		deploy.WritePlan(stdout, res.Plan)
	}
	if err != nil {
		fmt.Fprintf(stderr, "mentorgen deploy: %s\n", failure(err, res, *dryRun))
		return exitContent
	}
	p := res.Plan
	if *dryRun {
		fmt.Fprintf(stdout, "dry run for target %s (%s): would upload %d (%s) and delete %d; %d unchanged; %d requests in %s\n",
			t.Name, where, len(p.Uploads), humanBytes(p.Bytes()), len(p.Deletes), p.Unchanged, res.Requests, res.Elapsed.Round(time.Millisecond))
		return exitOK
	}
	fmt.Fprintf(stdout, "deployed to %s (%s): %d uploaded (%s), %d deleted, %d unchanged; %d requests in %s\n",
		t.Name, where, res.Uploaded, humanBytes(res.Bytes), res.Deleted, p.Unchanged, res.Requests, res.Elapsed.Round(time.Millisecond))
	return exitOK
}

// failure is the message of a failed deploy: what went wrong, what was done before, and for
// a dry run that could not read the bucket, what it needs. A user and password in any URL it
// quotes, the SDK's errors included, are redacted: the message may end up in a CI log.
func failure(err error, res *deploy.Result, dryRun bool) string {
	msg := err.Error()
	if errors.Is(err, context.Canceled) {
		msg = "interrupted"
	}
	var re *deploy.RemoteError
	if dryRun && errors.As(err, &re) {
		msg += fmt.Sprintf("; --dry-run changes nothing but lists the objects under the target's prefix to compare them with the build: it needs network access to %s and credentials allowed to list the bucket (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE)", re.Where)
	}
	if res != nil && res.Uploaded+res.Deleted > 0 {
		msg += fmt.Sprintf("; %d uploaded and %d deleted before it stopped: run deploy again to finish (it moves only what is still different)", res.Uploaded, res.Deleted)
	} else {
		msg += "; nothing was changed"
	}
	return generator.RedactUserinfo(msg)
}

// pickTarget finds the target called name, or the first one when name is "".
func pickTarget(targets []generator.DeployTarget, name string, stderr io.Writer) (generator.DeployTarget, bool) {
	if len(targets) == 0 {
		fmt.Fprintln(stderr, `mentorgen deploy: site.yaml has no deploy targets; add one, e.g.
deploy:
  targets:
    - name: production
      url: "s3://my-bucket?region=eu-west-1"`)
		return generator.DeployTarget{}, false
	}
	if name == "" {
		return targets[0], true
	}
	var names []string
	for _, t := range targets {
		if t.Name == name {
			return t, true
		}
		names = append(names, t.Name)
	}
	fmt.Fprintf(stderr, "mentorgen deploy: site.yaml has no target %q; it has %s\n", name, strings.Join(names, ", "))
	return generator.DeployTarget{}, false
}
