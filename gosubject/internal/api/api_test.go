package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/valyala/fasthttp"
	"github.com/valyala/fasthttp/fasthttputil"

	"mdbprof/gosubject/internal/auth"
	"mdbprof/gosubject/internal/pebblestore"
	"mdbprof/gosubject/internal/sqlitestore"
	"mdbprof/gosubject/internal/store"
)

const adminToken = "ns_ZGVmYXVsdA_71d7e890c5bb4666a234cc1a9ec3f5f15b67c1a73257a3c92e1c0b0c5e0f8e9a"

// server is a Handler over a real in-memory store, served by fasthttp on an
// in-memory listener.
type server struct {
	t      *testing.T
	client *fasthttp.Client
}

type reply struct {
	status int
	body   string
	value  any
}

func (r reply) code() string {
	m, _ := r.value.(map[string]any)
	e, _ := m["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

func startServer(t *testing.T, backend string, testMode bool, knobs WriteKnobs) *server {
	t.Helper()
	var st store.Store
	var err error
	switch backend {
	case "sqlite":
		st, err = sqlitestore.OpenInMemory(context.Background())
	case "pebble":
		st, err = pebblestore.OpenInMemory()
	}
	if err != nil {
		t.Fatal(err)
	}
	err = st.CreateNamespace(context.Background(), store.Namespace{Name: "default", TokenHash: auth.HashToken(adminToken), CreatedAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(NewHandler(Options{Store: st, Backend: backend, Version: "test", TestMode: testMode, Knobs: knobs}))
	ln := fasthttputil.NewInmemoryListener()
	done := make(chan struct{})
	go func() { srv.Serve(ln); close(done) }()
	t.Cleanup(func() {
		srv.Shutdown()
		ln.Close()
		<-done
		st.Close()
	})
	return &server{t: t, client: &fasthttp.Client{Dial: func(string) (net.Conn, error) { return ln.Dial() }}}
}

func (s *server) do(method, path, authorization, body string) reply {
	s.t.Helper()
	req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
	defer fasthttp.ReleaseRequest(req)
	defer fasthttp.ReleaseResponse(resp)
	req.Header.SetMethod(method)
	req.SetRequestURI("http://gosubject" + path)
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	req.SetBodyString(body)
	if err := s.client.Do(req, resp); err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	r := reply{status: resp.StatusCode(), body: string(resp.Body())}
	json.Unmarshal(resp.Body(), &r.value)
	return r
}

// call posts request as the admin.
func (s *server) call(token string, request ...any) reply {
	s.t.Helper()
	body, err := json.Marshal(request)
	if err != nil {
		s.t.Fatal(err)
	}
	return s.do("POST", "/rpc", "Bearer "+token, string(body))
}

func (s *server) ok(token string, request ...any) any {
	s.t.Helper()
	r := s.call(token, request...)
	if r.status != 200 {
		s.t.Fatalf("%v -> %d %s", request, r.status, r.body)
	}
	return r.value
}

func forBackends(t *testing.T, test func(t *testing.T, backend string)) {
	for _, b := range []string{"sqlite", "pebble"} {
		t.Run(b, func(t *testing.T) { test(t, b) })
	}
}

func TestRoutes(t *testing.T) {
	s := startServer(t, "sqlite", false, WriteKnobs{})
	if r := s.do("GET", "/health", "", ""); r.status != 200 || r.body != `{"status":"ok"}` {
		t.Errorf("/health = %d %s", r.status, r.body)
	}
	if r := s.do("GET", "/version", "", ""); r.status != 200 || r.body != `{"version":"test"}` {
		t.Errorf("/version = %d %s", r.status, r.body)
	}
	if r := s.do("GET", "/nope", "", ""); r.status != 404 || r.code() != "NOT_FOUND" {
		t.Errorf("/nope = %d %s", r.status, r.body)
	}
	if r := s.do("GET", "/rpc", "Bearer "+adminToken, ""); r.status != 405 || r.code() != "INVALID_REQUEST" {
		t.Errorf("GET /rpc = %d %s", r.status, r.body)
	}
	big := `["stream.write","a-1",{"type":"T","data":{"x":"` + strings.Repeat("x", maxBodyBytes) + `"}}]`
	if r := s.do("POST", "/rpc", "Bearer "+adminToken, big); r.status != 413 {
		t.Errorf("a body past the limit = %d %.200s", r.status, r.body)
	}
}

func TestPprofServesProfiles(t *testing.T) {
	s := startServer(t, "pebble", false, WriteKnobs{})
	for _, path := range []string{"/debug/pprof/heap?gc=1", "/debug/pprof/allocs?gc=1", "/debug/pprof/goroutine", "/debug/pprof/profile?seconds=1"} {
		r := s.do("GET", path, "", "")
		if r.status != 200 || !strings.HasPrefix(r.body, "\x1f\x8b") {
			t.Errorf("%s = %d, %d bytes, want 200 and gzip", path, r.status, len(r.body))
		}
	}
	if r := s.do("GET", "/debug/pprof/", "", ""); r.status != 200 || !strings.Contains(r.body, "heap") {
		t.Errorf("/debug/pprof/ index = %d", r.status)
	}
}

func TestAuthenticationFollowsEventoDB(t *testing.T) {
	s := startServer(t, "sqlite", false, WriteKnobs{})
	request := `["stream.version","acct-1"]`
	wrongSecret := adminToken[:len(adminToken)-1] + "0"
	cases := []struct {
		what, authorization string
		status              int
		code                string
	}{
		{"no header", "", 401, "AUTH_REQUIRED"},
		{"basic", "Basic " + adminToken, 401, "AUTH_REQUIRED"},
		{"lowercase bearer", "bearer " + adminToken, 401, "AUTH_REQUIRED"},
		{"garbage", "Bearer nonsense", 401, "AUTH_INVALID_TOKEN"},
		{"wrong secret", "Bearer " + wrongSecret, 403, "AUTH_UNAUTHORIZED"},
		{"unknown namespace", "Bearer " + auth.MakeToken("nosuchns", strings.Repeat("a", 64)), 403, "AUTH_UNAUTHORIZED"},
		{"admin", "Bearer " + adminToken, 200, ""},
	}
	for _, c := range cases {
		r := s.do("POST", "/rpc", c.authorization, request)
		if r.status != c.status || r.code() != c.code {
			t.Errorf("%s: %d %s, want %d %s", c.what, r.status, r.body, c.status, c.code)
		}
	}
	// The unknown namespace was not created on the way.
	if r := s.call(adminToken, "ns.info", "nosuchns"); r.status != 404 || r.code() != "NAMESPACE_NOT_FOUND" {
		t.Errorf("ns.info nosuchns = %d %s", r.status, r.body)
	}
}

func TestTestModeMakesAuthenticationOptional(t *testing.T) {
	s := startServer(t, "pebble", true, WriteKnobs{})
	if r := s.do("POST", "/rpc", "", `["stream.write","a-1",{"type":"T","data":{}}]`); r.status != 200 {
		t.Fatalf("no token in test mode: %d %s", r.status, r.body)
	}
	if got := s.ok(adminToken, "stream.version", "a-1"); got != float64(0) {
		t.Errorf("the anonymous write did not land in default: version %v", got)
	}
	tenant := auth.MakeToken("tenant", strings.Repeat("b", 64))
	if r := s.call(tenant, "stream.write", "b-1", map[string]any{"type": "T", "data": map[string]any{}}); r.status != 200 {
		t.Fatalf("unknown namespace in test mode: %d %s", r.status, r.body)
	}
	info := s.ok(adminToken, "ns.info", "tenant").(map[string]any)
	if info["messageCount"] != float64(1) {
		t.Errorf("the test-mode namespace = %v", info)
	}
}

func TestWriteAndReadShapes(t *testing.T) {
	forBackends(t, func(t *testing.T, backend string) {
		s := startServer(t, backend, false, WriteKnobs{})
		data := map[string]any{"text": "grüße \"q\"\n\x01", "n": 1.5, "nested": map[string]any{"a": []any{1.0, "two"}}}
		w := s.ok(adminToken, "stream.write", "acct-1", map[string]any{"type": "Deposited", "data": data, "metadata": map[string]any{"m": 1.0}},
			map[string]any{"id": "6F1C7A3E-0000-4000-8000-00000000000A", "expectedVersion": -1.0})
		if fmt.Sprint(w) != "map[globalPosition:1 position:0]" {
			t.Fatalf("stream.write = %v", w)
		}
		s.ok(adminToken, "stream.write", "acct-1", map[string]any{"type": "Plain", "data": map[string]any{}, "metadata": nil})
		rows := s.ok(adminToken, "stream.get", "acct-1").([]any)
		if len(rows) != 2 {
			t.Fatalf("stream.get = %v", rows)
		}
		row := rows[0].([]any)
		if len(row) != 7 || row[0] != "6f1c7a3e-0000-4000-8000-00000000000a" || row[1] != "Deposited" || row[2] != 0.0 || row[3] != 1.0 ||
			fmt.Sprint(row[4]) != fmt.Sprint(data) || fmt.Sprint(row[5]) != "map[m:1]" {
			t.Errorf("row = %v", row)
		}
		if !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`).MatchString(row[6].(string)) {
			t.Errorf("time %q is not the contract's format", row[6])
		}
		second := rows[1].([]any)
		if second[5] != nil || !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(second[0].(string)) {
			t.Errorf("generated row = %v (metadata null, id a v4 UUID)", second)
		}
		last := s.ok(adminToken, "stream.last", "acct-1", map[string]any{"type": "Deposited"})
		if fmt.Sprint(last) != fmt.Sprint(row) {
			t.Errorf("stream.last = %v, want %v", last, row)
		}
		cat := s.ok(adminToken, "category.get", "acct", map[string]any{"consumerGroup": map[string]any{"member": 0, "size": 1}}).([]any)
		if len(cat) != 2 || len(cat[0].([]any)) != 8 || cat[0].([]any)[1] != "acct-1" {
			t.Errorf("category.get = %v", cat)
		}
		if r := s.call(adminToken, "stream.write", "acct-1", map[string]any{"type": "T", "data": map[string]any{}}, map[string]any{"expectedVersion": 0}); r.status != 409 || r.code() != "STREAM_VERSION_CONFLICT" {
			t.Errorf("stale expectedVersion = %d %s", r.status, r.body)
		}
		if r := s.call(adminToken, "stream.write", "acct-2", map[string]any{"type": "T", "data": map[string]any{}}, map[string]any{"id": "6f1c7a3e-0000-4000-8000-00000000000a"}); r.status != 400 || r.code() != "INVALID_REQUEST" {
			t.Errorf("duplicate id = %d %s", r.status, r.body)
		}
		if v := s.ok(adminToken, "stream.version", "missing-1"); v != nil {
			t.Errorf("version of a missing stream = %v", v)
		}
		if r := s.call(adminToken, "stream.nope"); r.status != 404 || r.code() != "METHOD_NOT_FOUND" {
			t.Errorf("unknown method = %d %s", r.status, r.body)
		}
		health := s.ok(adminToken, "sys.health").(map[string]any)
		if health["status"] != "ok" || health["backend"] != backend {
			t.Errorf("sys.health = %v", health)
		}
		if v := s.ok(adminToken, "sys.version"); v != "test" {
			t.Errorf("sys.version = %v", v)
		}
	})
}

func TestMalformedRequestsAre400(t *testing.T) {
	s := startServer(t, "sqlite", false, WriteKnobs{})
	bodies := []string{
		"", "not json", `["stream.get", 1`, `{"method":"stream.get"}`, "[]", "[42]",
		`["stream.get"]`, `["stream.get", 7]`, `["stream.get", ""]`,
		`["stream.write","s-1",{"data":{}}]`,
		`["stream.write","s-1",{"type":"","data":{}}]`,
		`["stream.write","s-1",{"type":"T"}]`,
		`["stream.write","s-1",{"type":"T","data":[1]}]`,
		`["stream.write","s-1",{"type":"T","data":"x"}]`,
		`["stream.write","s-1",{"type":"T","data":{},"metadata":3}]`,
		`["stream.write","s-1",{"type":"T","data":{}},{"expectedVersion":-2}]`,
		`["stream.write","s-1",{"type":"T","data":{}},{"expectedVersion":"1"}]`,
		`["stream.write","s-1",{"type":"T","data":{}},{"expectedVersion":1.5}]`,
		`["stream.write","s-1",{"type":"T","data":{}},{"id":"not-a-uuid"}]`,
		`["stream.write","s-1",{"type":"T","data":{}},{},"extra"]`,
		`["stream.get","s-1",{"batchSize":0}]`,
		`["stream.get","s-1",{"batchSize":10001}]`,
		`["stream.get","s-1",{"position":-1}]`,
		`["category.get","s-1"]`,
		`["category.get","bad",{"consumerGroup":{"member":3,"size":3}}]`,
		`["category.get","bad",{"consumerGroup":{"member":0}}]`,
		`["category.get","bad",{"consumerGroup":{"member":0,"size":0}}]`,
		`["category.get","bad",{"correlation":"x-1"}]`,
		`["category.get","bad",{"position":1,"globalPosition":2}]`,
		`["ns.create","../etc"]`, `["ns.create",""]`,
		`["ns.create","tok",{"token":"ns_ZGVmYXVsdA_` + strings.Repeat("a", 64) + `"}]`,
		`["ns.delete","default"]`,
		`["sys.version",1]`,
	}
	for _, body := range bodies {
		r := s.do("POST", "/rpc", "Bearer "+adminToken, body)
		if r.status != 400 || r.code() != "INVALID_REQUEST" {
			t.Errorf("%s -> %d %s", body, r.status, r.body)
		}
		if m, _ := r.value.(map[string]any)["error"].(map[string]any); m == nil || m["message"] == "" {
			t.Errorf("%s: no error message: %s", body, r.body)
		}
	}
	if v := s.ok(adminToken, "stream.version", "s-1"); v != nil {
		t.Errorf("a rejected request wrote: version %v", v)
	}
}

func TestNamespaceMethods(t *testing.T) {
	forBackends(t, func(t *testing.T, backend string) {
		s := startServer(t, backend, false, WriteKnobs{})
		created := s.ok(adminToken, "ns.create", "tenant", map[string]any{"description": "T"}).(map[string]any)
		token, _ := created["token"].(string)
		if created["namespace"] != "tenant" || !strings.HasPrefix(token, "ns_") {
			t.Fatalf("ns.create = %v", created)
		}
		if r := s.call(adminToken, "ns.create", "tenant"); r.status != 409 || r.code() != "NAMESPACE_EXISTS" {
			t.Errorf("ns.create twice = %d %s", r.status, r.body)
		}
		for _, stream := range []string{"a-1", "a-1", "b-2"} {
			s.ok(token, "stream.write", stream, map[string]any{"type": "T", "data": map[string]any{}})
		}
		info := s.ok(token, "ns.info").(map[string]any)
		if info["namespace"] != "tenant" || info["description"] != "T" || info["messageCount"] != 3.0 || info["streamCount"] != 2.0 || info["lastActivity"] == nil {
			t.Errorf("ns.info = %v", info)
		}
		for _, request := range [][]any{{"ns.list"}, {"ns.create", "evil"}, {"ns.delete", "tenant"}} {
			if r := s.call(token, request...); r.status != 403 || r.code() != "AUTH_UNAUTHORIZED" {
				t.Errorf("tenant %v = %d %s", request, r.status, r.body)
			}
		}
		if r := s.call(token, "ns.info", "default"); r.status != 403 {
			t.Errorf("tenant reads default's info: %d", r.status)
		}
		list := s.ok(adminToken, "ns.list").([]any)
		if len(list) != 2 || list[0].(map[string]any)["namespace"] != "default" || list[1].(map[string]any)["messageCount"] != 3.0 {
			t.Errorf("ns.list = %v", list)
		}
		deleted := s.ok(adminToken, "ns.delete", "tenant").(map[string]any)
		if deleted["messagesDeleted"] != 3.0 {
			t.Errorf("ns.delete = %v", deleted)
		}
		if r := s.call(adminToken, "ns.delete", "tenant"); r.status != 404 || r.code() != "NAMESPACE_NOT_FOUND" {
			t.Errorf("ns.delete twice = %d %s", r.status, r.body)
		}
		if r := s.call(token, "stream.version", "a-1"); r.status != 403 {
			t.Errorf("a deleted namespace's token = %d %s, want 403 (EventoDB)", r.status, r.body)
		}
	})
}

func TestKnobsAllocateAndWorkOnlyWhenSet(t *testing.T) {
	if n := testing.AllocsPerRun(100, WriteKnobs{}.apply); n != 0 {
		t.Errorf("zero knobs allocate %v times a write", n)
	}
	if n := testing.AllocsPerRun(100, WriteKnobs{ExtraAllocBytes: 1024}.apply); n != 1 {
		t.Errorf("ExtraAllocBytes=1024 allocates %v times a write, want 1", n)
	}
	if n := testing.AllocsPerRun(100, WriteKnobs{ExtraWork: 1000}.apply); n != 0 {
		t.Errorf("ExtraWork allocates %v times", n)
	}
	if burnAllocation(1024) != 130560 { // 4 * (0+1+...+255)
		t.Errorf("burnAllocation(1024) = %d", burnAllocation(1024))
	}
	if burnWork(1000) != burnWork(1000) || burnWork(1000) == burnWork(1001) {
		t.Error("burnWork is not deterministic in n")
	}
}

func TestJSONStringEscaping(t *testing.T) {
	cases := map[string]string{
		"plain":       `"plain"`,
		"q\"b\\":      `"q\"b\\"`,
		"n\nr\rt\t":   `"n\nr\rt\t"`,
		"\x01\x1f":    `"\u0001\u001f"`,
		"grüße ✓":     `"grüße ✓"`,
		"bad\xffutf8": `"bad\ufffdutf8"`,
	}
	for in, want := range cases {
		got := string(appendJSONString(nil, in))
		if got != want {
			t.Errorf("appendJSONString(%q) = %s, want %s", in, got, want)
		}
		var back string
		if err := json.Unmarshal([]byte(got), &back); err != nil {
			t.Errorf("%s is not JSON: %v", got, err)
		}
	}
}
