package photos

import (
	"os"
	"path/filepath"
)

// Cache keeps encoded photos on disk, one file per content key and size, so that a rebuild
// does no image work. Its zero value (no Dir) keeps nothing. Files are written to a temporary
// name and renamed, so a reader never sees half a file, and builds may share one folder.
type Cache struct {
	Dir string
}

// DefaultDir is mentorgen's folder in the user's cache folder (XDG_CACHE_HOME, ~/.cache,
// ~/Library/Caches, %LocalAppData%), or "" when there is none. Keys are content hashes, so
// every site and every checkout can share it.
func DefaultDir() string {
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "mentorgen", "photos")
}

func (c Cache) file(key string, size int, f Format) string {
	return filepath.Join(c.Dir, key[:2], key+SizeName(size)+f.Ext())
}

// Get returns a cached photo, if the cache has it.
func (c Cache) Get(key string, size int, f Format) ([]byte, bool) {
	if c.Dir == "" {
		return nil, false
	}
	b, err := os.ReadFile(c.file(key, size, f))
	return b, err == nil
}

// Put stores a photo; it reports whether the cache now has it.
func (c Cache) Put(key string, size int, f Format, data []byte) bool {
	if c.Dir == "" {
		return false
	}
	name := c.file(key, size, f)
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return false
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".tmp-*")
	if err != nil {
		return false
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return false
	}
	return true
}
