// Command screenshots remakes the pictures in docs/ from the current build of the example
// portal, so that the README never shows wording the site no longer has:
//
//	go run ./docs/screenshots                    # writes docs/portal-home.png, docs/portal-directory.png
//	go run ./docs/screenshots -review /tmp/shots # also every page at 375 and 1280 px, light and dark
//
// It builds the portal into a temporary folder (on /dev/shm when there is one), serves it on
// 127.0.0.1 and photographs it in headless Chromium (Debian's chromium, as the e2e tests use).
// Names in other scripts need fonts for them: apt-get install fonts-noto-core fonts-noto-cjk.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"mentorgen/generator"
	"mentorgen/layouts"
)

// shot is one picture: a page at a width and colour scheme. Full pictures show the whole page;
// the others the first screen (width × 900), as a visitor first sees it.
type shot struct {
	file   string
	path   string
	width  int64
	scheme string
	full   bool
}

// readme are the pictures docs/ keeps, which the README shows.
var readme = []shot{
	{file: "portal-home.png", path: "/", width: 1280, scheme: "light"},
	{file: "portal-directory.png", path: "/mentors/", width: 1280, scheme: "light"},
}

// reviewPages are the pages photographed for -review, at each width and scheme.
var reviewPages = map[string]string{"home": "/", "directory": "/mentors/", "profile": "/mentors/sato-hanako/",
	"search": "/search/?q=pric", "filtered": "/mentors/?language=spanish&accepting=yes", "none": "/mentors/?expertise=pricing&language=japanese",
	"compare": "/programs/compare/", "goals": "/goals/", "match": "/match/", "guide": "/programs/formal-cohort/", "profile-mail": "/mentors/zoe-lefevre/"}

func main() {
	src := flag.String("src", ".", "the site folder")
	out := flag.String("out", "docs", "where the README's pictures go")
	review := flag.String("review", "", "if set, also write every page at 375 and 1280 px, light and dark, whole, into this folder")
	drafts := flag.Bool("drafts", false, "build with drafts and photograph a draft's profile too, for -review only (the README's pictures are left alone)")
	flag.Parse()
	if err := run(*src, *out, *review, *drafts); err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		os.Exit(1)
	}
}

func run(src, out, review string, drafts bool) error {
	var shots []shot
	if !drafts { // the README shows the portal as published
		for _, s := range readme {
			s.file = filepath.Join(out, s.file)
			shots = append(shots, s)
		}
	}
	if review != "" {
		if err := os.MkdirAll(review, 0o755); err != nil {
			return err
		}
		pages := maps.Clone(reviewPages)
		if drafts {
			pages["draft"] = "/mentors/dimitra-papadopoulou/"
		}
		for _, name := range slices.Sorted(maps.Keys(pages)) {
			path := pages[name]
			for _, width := range []int64{375, 1280} {
				for _, scheme := range []string{"light", "dark"} {
					shots = append(shots, shot{file: filepath.Join(review, fmt.Sprintf("%s-%d-%s.png", name, width, scheme)),
						path: path, width: width, scheme: scheme, full: true})
				}
			}
		}
	}

	tmpRoot := ""
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		tmpRoot = "/dev/shm"
	}
	tmp, err := os.MkdirTemp(tmpRoot, "mentorgen-screenshots-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	public := filepath.Join(tmp, "public")
	if _, err := generator.Build(generator.Options{Site: os.DirFS(src), Theme: layouts.FS, Minify: true, Drafts: drafts},
		generator.Destination{Dir: public, SiteDir: src}); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(public)), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()

	ctx, cancel, err := startBrowser(tmp)
	if err != nil {
		return err
	}
	defer cancel()
	for _, s := range shots {
		if err := take(ctx, base, s); err != nil {
			return fmt.Errorf("%s: %w", s.file, err)
		}
		fmt.Println("wrote", s.file)
	}
	return nil
}

func startBrowser(tmp string) (context.Context, context.CancelFunc, error) {
	exe := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			exe = p
			break
		}
	}
	if exe == "" {
		return nil, nil, errors.New("no chromium on PATH (apt-get install -y chromium)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(filepath.Join(tmp, "chromium")))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	if err := chromedp.Do(ctx); err != nil {
		cancelCtx()
		cancelAlloc()
		return nil, nil, fmt.Errorf("cannot start %s: %w", exe, err)
	}
	return ctx, func() { cancelCtx(); cancelAlloc() }, nil
}

func take(ctx context.Context, base string, s shot) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	scheme := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: s.scheme}}})
		return err
	})
	if err := chromedp.Do(ctx, scheme, chromedp.EmulateViewport(s.width, 900), chromedp.Navigate(base+s.path),
		chromedp.WaitReady("body"), chromedp.Evaluate[chromedp.Void](`document.fonts.ready`, chromedp.EvalAwaitPromise)); err != nil {
		return err
	}
	if strings.Contains(s.path, "?") { // search-ui.js shows the URL's query once the index is in
		if err := chromedp.Do(ctx, chromedp.Sleep(time.Second)); err != nil {
			return err
		}
	}
	capture := chromedp.CaptureScreenshot()
	if s.full {
		capture = chromedp.FullScreenshot(100)
	}
	png, err := chromedp.Run(ctx, capture)
	if err != nil {
		return err
	}
	return os.WriteFile(s.file, png, 0o644)
}
