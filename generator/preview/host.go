package preview

import (
	"net"
	"slices"
	"strconv"
	"strings"
)

// allowedHost reports whether a request's Host header names this server: a loopback name
// (localhost, *.localhost, 127.0.0.0/8, [::1]) on any port, or one of s.hosts. A page on
// another site can make the browser send requests here through a name of its own that it
// points at 127.0.0.1 (DNS rebinding), and then read the answers as its own, drafts
// included; such requests carry that name, so they are refused.
func (s *Server) allowedHost(host string) bool {
	host = strings.ToLower(host)
	name := host
	if h, _, err := net.SplitHostPort(host); err == nil {
		name = h
	} else if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
		name = host[1 : len(host)-1] // [::1] without a port
	}
	return IsLoopback(name) || slices.Contains(*s.hosts.Load(), hostPort(host, "http"))
}

// IsLoopback reports whether a host name (without port or brackets) reaches only this
// machine: localhost, a name under .localhost, or a loopback address (127.0.0.0/8, ::1).
func IsLoopback(name string) bool {
	name = strings.TrimSuffix(strings.ToLower(name), ".")
	if name == "localhost" || strings.HasSuffix(name, ".localhost") {
		return true
	}
	ip := net.ParseIP(name)
	return ip != nil && ip.IsLoopback()
}

// allowListener adds the address the server listens on to the hosts requests may use, when
// it is not a loopback one: someone chose to show the site to the network. An unspecified
// address (0.0.0.0, [::]) stands for every address of the machine's interfaces.
func (s *Server) allowListener(addr net.Addr) {
	ta, ok := addr.(*net.TCPAddr)
	if !ok || ta.IP.IsLoopback() {
		return
	}
	port := strconv.Itoa(ta.Port)
	hosts := slices.Clone(*s.hosts.Load())
	ips := []net.IP{ta.IP}
	if ta.IP.IsUnspecified() {
		ips = nil
		if addrs, err := net.InterfaceAddrs(); err == nil {
			for _, a := range addrs {
				if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() {
					ips = append(ips, n.IP)
				}
			}
		}
	}
	for _, ip := range ips {
		hosts = append(hosts, hostPort(net.JoinHostPort(ip.String(), port), "http"))
	}
	s.hosts.Store(&hosts)
}

// hostPort is host (a Host header or a URL's host) with its port, the scheme's default when
// it has none, in lower case.
func hostPort(host, scheme string) string {
	host = strings.ToLower(host)
	if _, _, err := net.SplitHostPort(host); err == nil {
		return host
	}
	port := "80"
	if scheme == "https" {
		port = "443"
	}
	return net.JoinHostPort(strings.Trim(host, "[]"), port)
}
