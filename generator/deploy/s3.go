package deploy

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/feature/ec2/imds"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/logging"
	"github.com/aws/smithy-go/middleware"

	"mentorgen/generator"
)

// bucket is one target's bucket, with the client that talks to it.
type bucket struct {
	t        generator.DeployTarget
	region   string // the region the client signs for
	client   *s3.Client
	requests atomic.Int64
}

// countRequests counts the HTTP requests a deploy sends, retries included: the deserialize
// step runs once per attempt, after the retry loop of the finalize step. (A wrapping
// http.RoundTripper would do too, but the SDK then cannot add AWS_CA_BUNDLE's roots.)
func countRequests(n *atomic.Int64) func(*middleware.Stack) error {
	return func(st *middleware.Stack) error {
		return st.Deserialize.Add(middleware.DeserializeMiddlewareFunc("mentorgenCount",
			func(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
				n.Add(1)
				return next.HandleDeserialize(ctx, in)
			}), middleware.After)
	}
}

// Retries: the SDK's standard retryer retries 5xx answers, throttling and connection errors
// and timeouts with jittered exponential backoff. It has no retry quota here: a deploy is one
// user's batch job, and giving up on the 500th file because the first 499 were retried
// helps nobody.
const (
	maxAttempts = 5
	maxBackoff  = 4 * time.Second
)

func openBucket(ctx context.Context, t generator.DeployTarget) (*bucket, error) {
	if generator.RedactUserinfo(t.Endpoint) != t.Endpoint {
		return nil, fmt.Errorf("target %q: its endpoint %s carries a user name or password; take them out, and set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, in the environment instead",
			t.Name, generator.RedactUserinfo(t.Endpoint))
	}
	b := &bucket{t: t}
	hc := awshttp.NewBuildableClient().WithDialerOptions(func(d *net.Dialer) {
		d.Timeout = 10 * time.Second
	}).WithTransportOptions(func(tr *http.Transport) {
		tr.ResponseHeaderTimeout = 60 * time.Second
		tr.MaxIdleConnsPerHost = 2 * Concurrency
	})
	opts := []func(*config.LoadOptions) error{
		config.WithHTTPClient(hc),
		config.WithRetryer(func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts, o.MaxBackoff, o.RateLimiter = maxAttempts, maxBackoff, ratelimit.None
			})
		}),
		// The SDK would print its own log lines ("SDK 2025/01/02 WARN falling back to
		// IMDSv1: …") to the process's stderr; every error it returns is explained by ours.
		config.WithLogger(logging.Nop{}),
		config.WithClientLogMode(0),
	}
	if t.Endpoint != "" {
		// An instance role's credentials are AWS's, never an S3-compatible store's; asking
		// the metadata service would only cost time, or a second, on every machine that is
		// not an EC2 instance.
		opts = append(opts, config.WithEC2IMDSClientEnableState(imds.ClientDisabled))
	}
	if t.Region != "" {
		opts = append(opts, config.WithRegion(t.Region))
	}
	if t.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(t.Profile))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("cannot load the AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		if t.Endpoint == "" {
			return nil, fmt.Errorf("target %q: no region: add ?region=… to its url, or set AWS_REGION", t.Name)
		}
		cfg.Region = "us-east-1" // what most S3-compatible stores expect when they ignore it
	}
	b.region = cfg.Region
	b.client = s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.APIOptions = append(o.APIOptions, countRequests(&b.requests))
		if t.Endpoint != "" {
			o.BaseEndpoint = aws.String(t.Endpoint)
		}
		o.UsePathStyle = t.PathStyle
		// Checksums beyond Content-MD5 are a recent AWS addition that not every compatible
		// store accepts; Content-MD5 already makes the store check every byte.
		o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
	})
	return b, nil
}

// where names the bucket and the store for messages: "bucket site at http://127.0.0.1:8333".
func (b *bucket) where() string {
	s := "bucket " + b.t.Bucket
	if b.t.Endpoint != "" {
		s += " at " + b.t.Endpoint
	}
	return s
}

// list returns key → ETag of every object under the target's prefix.
func (b *bucket) list(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	in := &s3.ListObjectsV2Input{Bucket: aws.String(b.t.Bucket), MaxKeys: aws.Int32(1000)}
	if b.t.Prefix != "" {
		in.Prefix = aws.String(b.t.Prefix)
	}
	pages := s3.NewListObjectsV2Paginator(b.client, in)
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, b.explain(err, "list the objects of")
		}
		for _, o := range page.Contents {
			out[aws.ToString(o.Key)] = aws.ToString(o.ETag)
		}
	}
	return out, nil
}

func (b *bucket) put(ctx context.Context, dir string, u Upload) error {
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(u.Path)))
	if err != nil {
		return err
	}
	sum := md5.Sum(data)
	if hex.EncodeToString(sum[:]) != u.MD5 {
		return fmt.Errorf("%s changed while deploying; build again, then deploy", u.Path)
	}
	_, err = b.client.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(b.t.Bucket), Key: aws.String(u.Key), Body: bytes.NewReader(data),
		ContentLength: aws.Int64(int64(len(data))), ContentMD5: aws.String(base64.StdEncoding.EncodeToString(sum[:])),
		ContentType: aws.String(u.ContentType), CacheControl: aws.String(u.CacheControl),
	})
	if err != nil {
		return b.explain(err, "upload "+u.Key+" to")
	}
	return nil
}

// remove deletes up to 1000 keys in one request.
func (b *bucket) remove(ctx context.Context, keys []string) error {
	ids := make([]types.ObjectIdentifier, len(keys))
	for i, k := range keys {
		ids[i] = types.ObjectIdentifier{Key: aws.String(k)}
	}
	out, err := b.client.DeleteObjects(ctx, &s3.DeleteObjectsInput{Bucket: aws.String(b.t.Bucket),
		Delete: &types.Delete{Objects: ids, Quiet: aws.Bool(true)}})
	if err != nil {
		return b.explain(err, "delete objects in")
	}
	if len(out.Errors) > 0 {
		e := out.Errors[0]
		return fmt.Errorf("cannot delete %s in %s: %s (%s)", aws.ToString(e.Key), b.where(), aws.ToString(e.Message), aws.ToString(e.Code))
	}
	return nil
}

// explain turns an SDK error into a sentence that says what to do. The SDK's own text
// ("operation error S3: ListObjectsV2, https response error StatusCode: 403, RequestID: …,
// api error InvalidAccessKeyId: …") is kept at the end for a search engine.
func (b *bucket) explain(err error, doing string) error {
	if errors.Is(err, context.Canceled) {
		return err
	}
	return &RemoteError{Where: b.store(), Err: b.sentence(err, doing)}
}

// store names the store for messages: the endpoint, or "S3 in eu-west-1".
func (b *bucket) store() string {
	if b.t.Endpoint != "" {
		return b.t.Endpoint
	}
	return "S3 in " + b.region
}

func (b *bucket) sentence(err error, doing string) error {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		switch ae.ErrorCode() {
		case "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken", "TokenRefreshRequired", "AccessDenied", "Forbidden":
			return fmt.Errorf("%s refused the credentials (%s): check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, and that they may write to the bucket; nothing more was changed", b.where(), ae.ErrorCode())
		case "NoSuchBucket":
			return fmt.Errorf("%s does not exist: create it, or correct the target's url in site.yaml", b.where())
		}
		return fmt.Errorf("cannot %s %s: %s: %w", doing, b.where(), ae.ErrorCode(), err)
	}
	var ne net.Error
	var oe *net.OpError
	var de *net.DNSError
	if errors.As(err, &oe) || errors.As(err, &de) || (errors.As(err, &ne) && ne.Timeout()) {
		return fmt.Errorf("cannot reach %s: check the network and the target's endpoint: %w", b.store(), err)
	}
	if strings.Contains(err.Error(), "failed to retrieve credentials") || strings.Contains(err.Error(), "get credentials") {
		return fmt.Errorf("no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, in the environment: %w", err)
	}
	return fmt.Errorf("cannot %s %s: %w", doing, b.where(), err)
}
