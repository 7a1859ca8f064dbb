package deploy

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"mentorgen/generator"
)

// DefaultMaxDeletes is how many objects a deploy deletes at most unless forced: more usually
// means a wrong prefix or a half-built public/, not a smaller site.
const DefaultMaxDeletes = 256

// Concurrency is how many requests a deploy has in flight.
const Concurrency = 8

// Options say what to deploy where.
type Options struct {
	Dir        string // the built folder, with mentorgen's marker file
	Target     generator.DeployTarget
	DryRun     bool // plan only: list the remote objects, change nothing
	MaxDeletes int  // refuse a plan that deletes more objects than this (0: any deletion)
	Force      bool // delete however many, whatever MaxDeletes says
	// Progress, when set, is called after each object uploaded or deleted, from one
	// goroutine at a time.
	Progress func(done, total int)
}

// Result says what a deploy did (or, with DryRun, would do).
type Result struct {
	Plan     *Plan
	Uploaded int   // objects written
	Deleted  int   // objects deleted
	Bytes    int64 // bytes uploaded
	Requests int64 // HTTP requests made, retries included
	Elapsed  time.Duration
}

// TooManyDeletes is the error of a plan that deletes more than Options.MaxDeletes objects.
type TooManyDeletes struct{ N, Max int }

func (e *TooManyDeletes) Error() string {
	return fmt.Sprintf("the deploy would delete %d objects, more than --max-deletes %d; check the target's bucket and prefix (--dry-run lists them), then pass --force or a higher --max-deletes",
		e.N, e.Max)
}

// A RemoteError is a failure to talk to the store: the network, the credentials, the bucket.
type RemoteError struct {
	Where string // the store: "http://127.0.0.1:8333", "S3 in eu-west-1"
	Err   error
}

func (e *RemoteError) Error() string { return e.Err.Error() }
func (e *RemoteError) Unwrap() error { return e.Err }

// PlaceholderBaseURL is the error of a folder built with the starter's placeholder base_url.
type PlaceholderBaseURL struct{ Dir string }

func (e *PlaceholderBaseURL) Error() string {
	return fmt.Sprintf("%s was built with the starter's placeholder base_url %s, so its canonical links, sitemap and feed point at a site that does not exist: set base_url in site.yaml to the address the site is published at (or build with --base-url https://…), build again, then deploy",
		e.Dir, generator.PlaceholderBaseURL)
}

// checkBaseURL refuses a build whose home page or sitemap holds the placeholder base_url.
// Reading the build, not site.yaml, is what tells a build made with --base-url apart.
func checkBaseURL(dir string) error {
	for _, name := range []string{"index.html", "sitemap.xml"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err == nil && bytes.Contains(data, []byte(generator.PlaceholderBaseURL)) {
			return &PlaceholderBaseURL{Dir: dir}
		}
	}
	return nil
}

// Deploy makes the objects under the target's prefix equal to the files of the built
// folder. On an error it returns what it did so far with the error: the objects already
// written are whole and right, and a rerun does the rest.
func Deploy(ctx context.Context, o Options) (*Result, error) {
	start := time.Now()
	files, err := Scan(o.Dir)
	if err != nil {
		return nil, err
	}
	if err := checkBaseURL(o.Dir); err != nil {
		return nil, err
	}
	b, err := openBucket(ctx, o.Target)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	defer func() { res.Requests, res.Elapsed = b.requests.Load(), time.Since(start) }()
	remote, err := b.list(ctx)
	if err != nil {
		return res, err
	}
	res.Plan = MakePlan(files, remote, o.Target.Prefix, o.Target.Cache)
	if n := len(res.Plan.Deletes); n > o.MaxDeletes && !o.Force {
		return res, &TooManyDeletes{N: n, Max: o.MaxDeletes}
	}
	if o.DryRun {
		return res, nil
	}
	total := len(res.Plan.Uploads) + len(res.Plan.Deletes)
	var mu sync.Mutex // serializes Progress
	done := 0
	step := func(n int) {
		if o.Progress != nil {
			mu.Lock()
			done += n
			o.Progress(done, total)
			mu.Unlock()
		}
	}
	ups := res.Plan.Uploads
	for len(ups) > 0 {
		n := 0
		for n < len(ups) && ups[n].Phase == ups[0].Phase {
			n++
		}
		up, by, err := b.putAll(ctx, o.Dir, ups[:n], step)
		res.Uploaded += up
		res.Bytes += by
		if err != nil {
			return res, err
		}
		ups = ups[n:]
	}
	for dels := res.Plan.Deletes; len(dels) > 0; {
		n := min(len(dels), 1000)
		if err := b.remove(ctx, dels[:n]); err != nil {
			return res, err
		}
		res.Deleted += n
		step(n)
		dels = dels[n:]
	}
	return res, nil
}

// putAll uploads the objects of one phase, Concurrency at a time. It stops at the first
// error, lets the uploads under way finish or fail, and returns what was uploaded.
func (b *bucket) putAll(ctx context.Context, dir string, ups []Upload, step func(int)) (int, int64, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		next             atomic.Int64
		uploaded, nbytes atomic.Int64
		errOnce          sync.Once
		first            error
		wg               sync.WaitGroup
	)
	for range min(Concurrency, len(ups)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(ups) || ctx.Err() != nil {
					return
				}
				if err := b.put(ctx, dir, ups[i]); err != nil {
					errOnce.Do(func() { first = err; cancel() })
					return
				}
				uploaded.Add(1)
				nbytes.Add(ups[i].Size)
				step(1)
			}
		})
	}
	wg.Wait()
	if first == nil {
		first = ctx.Err() // the caller's context ended: cancel is called only with first set
	}
	return int(uploaded.Load()), nbytes.Load(), first
}

// WritePlan prints a plan, one line per object: "+ key" (new) and "~ key" (changed), each
// with its Content-Type and Cache-Control, in upload order, then "- key" (deleted).
func WritePlan(w io.Writer, p *Plan) {
	for _, u := range p.Uploads {
		mark := "~"
		if u.New {
			mark = "+"
		}
		fmt.Fprintf(w, "%s %s  [%s; %s]\n", mark, u.Key, u.ContentType, u.CacheControl)
	}
	for _, k := range p.Deletes {
		fmt.Fprintf(w, "- %s\n", k)
	}
}
