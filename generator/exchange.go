package generator

import "os"

// exchangeByRename swaps two folders with three renames, for systems without an atomic
// exchange. The output folder is missing only between the second and third rename.
func exchangeByRename(a, b string) error {
	tmp := a + ".old"
	if err := os.Rename(b, tmp); err != nil {
		return err
	}
	if err := os.Rename(a, b); err != nil {
		_ = os.Rename(tmp, b)
		return err
	}
	return os.Rename(tmp, a)
}
