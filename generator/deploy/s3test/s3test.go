// Package s3test starts a real S3-compatible server, SeaweedFS's `weed mini`, on 127.0.0.1
// for the deploy tests, with its own credentials and a data folder of the test's. Only tests
// import it.
package s3test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// The credentials of the server's one identity. They exist only in the test's temp folder.
const (
	AccessKey = "mentorgen-test-key"
	SecretKey = "mentorgen-test-secret"
)

// A Server is a running weed mini.
type Server struct {
	Endpoint string // http://127.0.0.1:PORT
	Client   *s3.Client
}

// Binary finds weed: ~/.cache/mentorgen-tools/weed (where .ci/run builds it), then PATH.
func Binary() (string, error) {
	if home, err := os.UserHomeDir(); err == nil {
		p := filepath.Join(home, ".cache", "mentorgen-tools", "weed")
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p, nil
		}
	}
	if p, err := exec.LookPath("weed"); err == nil {
		return p, nil
	}
	return "", errors.New("SeaweedFS's weed is neither in ~/.cache/mentorgen-tools/weed nor on PATH; .ci/run builds it (about 5 minutes, once)")
}

// Start runs weed mini until the test ends, or skips the test, saying why, when weed is
// missing. It waits at most a minute for the S3 endpoint to answer.
func Start(t testing.TB) *Server {
	t.Helper()
	bin, err := Binary()
	if err != nil {
		t.Skip("SKIP: " + err.Error())
	}
	dir := t.TempDir()
	cfg := filepath.Join(dir, "s3.json")
	identities := fmt.Sprintf(`{"identities": [{"name": "deployer", "credentials": [{"accessKey": %q, "secretKey": %q}],
  "actions": ["Read", "Write", "List", "Tagging", "Admin"]}]}`, AccessKey, SecretKey)
	if err := os.WriteFile(cfg, []byte(identities), 0o600); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	if err := os.Mkdir(data, 0o755); err != nil {
		t.Fatal(err)
	}
	// weed moves a taken port elsewhere instead of failing, and puts gRPC at port+10000, so
	// every port is chosen here, free together with its gRPC twin.
	ports := freePorts(t, 4)
	logFile := filepath.Join(dir, "weed.log")
	log, err := os.Create(logFile)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "mini", "-dir="+data, "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
		"-master.port="+ports[0], "-volume.port="+ports[1], "-filer.port="+ports[2], "-s3.port="+ports[3],
		"-s3.config="+cfg, "-s3.autoCreateBucket=false", "-s3.port.iceberg=0", "-s3.port.lance=0",
		"-webdav=false", "-admin.ui=false", "-master.telemetry=false")
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, log, log
	cmd.SysProcAttr = sysProcAttr()
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting weed: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			t.Errorf("weed (pid %d) did not exit within 10 s of SIGKILL", cmd.Process.Pid)
		}
		log.Close()
	})
	s := &Server{Endpoint: "http://127.0.0.1:" + ports[3]}
	s.Client = s3.New(s3.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(s.Endpoint), UsePathStyle: true,
		Credentials: aws.NewCredentialsCache(staticCreds{}),
	})
	deadline := time.Now().Add(time.Minute)
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		_, err := s.Client.ListBuckets(ctx, &s3.ListBucketsInput{})
		cancel()
		if err == nil {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("weed mini's S3 endpoint %s did not answer within a minute: %v\n%s", s.Endpoint, err, tail(logFile))
		}
		select {
		case werr := <-exited:
			t.Fatalf("weed mini exited (%v) before its S3 endpoint answered:\n%s", werr, tail(logFile))
		case <-tick.C:
		}
	}
}

type staticCreds struct{}

func (staticCreds) Retrieve(context.Context) (aws.Credentials, error) {
	return aws.Credentials{AccessKeyID: AccessKey, SecretAccessKey: SecretKey, Source: "s3test"}, nil
}

// freePorts returns n ports in 20000–29999 that can be listened on, as can each port+10000.
func freePorts(t testing.TB, n int) []string {
	var out []string
	seed := int(time.Now().UnixNano()/1000) % 10000
	for i := 0; i < 10000 && len(out) < n; i++ {
		p := 20000 + (seed+i*7919)%10000
		if canListen(p) && canListen(p+10000) {
			out = append(out, strconv.Itoa(p))
		}
	}
	if len(out) < n {
		t.Fatal("no free ports on 127.0.0.1 for weed")
	}
	return out
}

func canListen(port int) bool {
	ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		return false
	}
	ln.Close()
	return true
}

func tail(file string) string {
	data, _ := os.ReadFile(file)
	if len(data) > 4000 {
		data = data[len(data)-4000:]
	}
	return string(data)
}

// CreateBucket makes a bucket.
func (s *Server) CreateBucket(t testing.TB, name string) {
	t.Helper()
	if _, err := s.Client.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(name)}); err != nil {
		t.Fatalf("create bucket %s: %v", name, err)
	}
}

// An Object is what the server holds under a key.
type Object struct {
	ETag, ContentType, CacheControl string
	Body                            []byte
}

// Objects lists the objects under prefix. With read, it reads each one's headers and
// bytes back too.
func (s *Server) Objects(t testing.TB, bucket, prefix string, read bool) map[string]Object {
	t.Helper()
	ctx := context.Background()
	out := map[string]Object{}
	pages := s3.NewListObjectsV2Paginator(s.Client, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			t.Fatalf("list %s/%s: %v", bucket, prefix, err)
		}
		for _, o := range page.Contents {
			out[aws.ToString(o.Key)] = Object{ETag: strings.Trim(aws.ToString(o.ETag), `"`)}
		}
	}
	if !read {
		return out
	}
	keys := slices.Sorted(maps.Keys(out))
	objs := make([]Object, len(keys))
	errs := make([]error, len(keys))
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for i, k := range keys {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			objs[i], errs[i] = s.get(ctx, bucket, k)
			objs[i].ETag = out[k].ETag
		})
	}
	wg.Wait()
	for i, k := range keys {
		if errs[i] != nil {
			t.Fatalf("get %s: %v", k, errs[i])
		}
		out[k] = objs[i]
	}
	return out
}

func (s *Server) get(ctx context.Context, bucket, key string) (Object, error) {
	r, err := s.Client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return Object{}, err
	}
	defer r.Body.Close()
	var b bytes.Buffer
	if _, err := io.Copy(&b, r.Body); err != nil {
		return Object{}, err
	}
	return Object{ContentType: aws.ToString(r.ContentType), CacheControl: aws.ToString(r.CacheControl), Body: b.Bytes()}, nil
}

// Put writes an object that is not the site's, to check that deploy leaves it alone.
func (s *Server) Put(t testing.TB, bucket, key, body string) {
	t.Helper()
	if _, err := s.Client.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key),
		Body: strings.NewReader(body)}); err != nil {
		t.Fatalf("put %s: %v", key, err)
	}
}
