package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	neturl "net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"mentorgen/generator"
	"mentorgen/generator/preview"
	"mentorgen/layouts"
)

func cmdServe(args []string, stdout, stderr io.Writer) int {
	return serve(args, stdout, stderr, nil)
}

// serve runs the preview server until SIGINT or SIGTERM, or until stop is closed (tests).
func serve(args []string, stdout, stderr io.Writer, stop <-chan struct{}) int {
	fs := newFlags("serve", "serve [flags]", stderr)
	addr := fs.String("addr", "127.0.0.1:1313", "address to listen on; give a non-loopback one only to show the site (drafts included) to your network")
	src := fs.String("src", ".", "site folder (with site.yaml and content/)")
	drafts := fs.Bool("drafts", true, "show pages with draft: true")
	future := fs.Bool("future", false, "show pages dated in the future")
	baseURL := fs.String("base-url", "", "preview the site under this URL's path, e.g. https://org.github.io/portal/ serves it at /portal/; links keep the server's own address")
	if code, stop := parseFlags(fs, args); stop {
		return code
	}
	if code, stop := checkSiteArgs("serve", fs, *src, stderr); stop {
		return code
	}
	subPath := "/"
	if *baseURL != "" {
		u, err := neturl.Parse(*baseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			fmt.Fprintf(stderr, "mentorgen serve: --base-url %q must be an absolute http(s) URL, e.g. https://org.github.io/portal/\n", *baseURL)
			return exitUsage
		}
		subPath = strings.TrimSuffix(u.EscapedPath(), "/") + "/"
	}
	host, port, err := net.SplitHostPort(*addr)
	if err != nil {
		fmt.Fprintf(stderr, "mentorgen serve: --addr %q is not host:port, e.g. 127.0.0.1:1313\n", *addr)
		return exitUsage
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			msg := fmt.Sprintf("mentorgen serve: %s is already in use (another mentorgen serve, or hugo server?)", *addr)
			if free := freePort(host, port); free != "" {
				msg += "; try --addr " + free
			}
			fmt.Fprintln(stderr, msg)
		} else {
			fmt.Fprintf(stderr, "mentorgen serve: cannot listen on %s: %v\n", *addr, err)
		}
		return exitContent
	}
	loopback := preview.IsLoopback(host)
	urlHost := host
	if !loopback && (host == "" || net.ParseIP(host) != nil && net.ParseIP(host).IsUnspecified()) {
		urlHost = "127.0.0.1"
	}
	url := "http://" + net.JoinHostPort(urlHost, strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)) + subPath
	fmt.Fprintf(stdout, "mentorgen serve: %s\n", url)
	if !loopback {
		fmt.Fprintf(stderr, "warning: listening on %s, not only on this machine: anyone who can reach it sees the site, drafts included\n", ln.Addr())
	}
	if subPath != "/" {
		fmt.Fprintf(stderr, "note: serving the site under %s, as --base-url %s will publish it; pages link to %s\n", subPath, *baseURL, url)
	}
	dir, err := filepath.Abs(*src)
	if err == nil {
		var root *os.Root
		if root, err = os.OpenRoot(dir); err == nil {
			defer root.Close()
			srv := preview.New(preview.Options{Options: generator.Options{Site: root.FS(), Theme: layouts.FS, BaseURL: url, Drafts: *drafts, Future: *future}, Dir: dir, Log: stdout})
			ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer cancel()
			if stop != nil {
				go func() {
					select {
					case <-stop:
						cancel()
					case <-ctx.Done():
					}
				}()
			}
			err = srv.Run(ctx, ln)
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "mentorgen serve:", err)
		return exitContent
	}
	fmt.Fprintln(stdout, "stopped")
	return exitOK
}

// freePort finds a port near port that can be listened on, for the "already in use" hint.
func freePort(host, port string) string {
	p, err := strconv.Atoi(port)
	if err != nil {
		return ""
	}
	for try := p + 1; try < p+100 && try < 65536; try++ {
		a := net.JoinHostPort(host, strconv.Itoa(try))
		if ln, err := net.Listen("tcp", a); err == nil {
			ln.Close()
			return a
		}
	}
	return ""
}
