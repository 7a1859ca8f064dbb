package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"syscall"
)

// A site folder may hold symbolic links. One to a file inside the site is read like the file;
// one to a folder is not followed (so a link loop cannot make a walk go round for ever); one
// that leads outside the site folder is refused, so a build never publishes a file its editors
// did not put in the site. The CLI reads the site through an os.Root, which enforces the last
// rule for every read; these functions only put it into words, the same for build, check and
// serve.

// linkProblem checks the symbolic link p found while walking fsys. It returns nil when p is a
// link to a file that can be read, and otherwise the diagnostic that names it.
func linkProblem(fsys fs.FS, p string) *Diagnostic {
	info, err := fs.Stat(fsys, p)
	if err != nil {
		d := unreadable(fsys, p, err)
		return &d
	}
	if info.IsDir() {
		return &Diagnostic{File: p, Code: "symlink", Msg: "is a symbolic link to a folder, which mentorgen does not follow",
			Hint: "move the folder into the site, or link the files in it one by one"}
	}
	return nil
}

// unreadable describes the error err from reading p, in the words of linkProblem when p is a
// symbolic link.
func unreadable(fsys fs.FS, p string, err error) Diagnostic {
	target, lerr := fs.ReadLink(fsys, p)
	if lerr != nil { // not a link, or fsys cannot say
		return Diagnostic{File: p, Code: "read-error", Msg: "cannot read: " + cleanFSError(err)}
	}
	to := path.Join(path.Dir(p), target)
	switch {
	case strings.HasPrefix(target, "/") || to == ".." || strings.HasPrefix(to, "../") || strings.Contains(target, `:\`):
		return Diagnostic{File: p, Code: "symlink", Msg: fmt.Sprintf("symbolic link to %s points outside the site folder", target),
			Hint: "mentorgen reads only files inside the site folder; copy the file in, or use a relative link that stays inside"}
	case errors.Is(err, syscall.ELOOP):
		return Diagnostic{File: p, Code: "symlink", Msg: fmt.Sprintf("symbolic link to %s goes round in a loop", target),
			Hint: "point it at a file, or remove it"}
	case errors.Is(err, fs.ErrNotExist):
		return Diagnostic{File: p, Code: "symlink", Msg: fmt.Sprintf("symbolic link to %s, which does not exist", target),
			Hint: "point it at a file, or remove it"}
	}
	return Diagnostic{File: p, Code: "symlink", Msg: fmt.Sprintf("cannot follow the symbolic link to %s: %s", target, cleanFSError(err))}
}
