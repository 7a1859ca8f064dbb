//go:build !linux

package generator

func exchange(a, b string) error { return exchangeByRename(a, b) }
