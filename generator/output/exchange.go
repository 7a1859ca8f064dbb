package output

import "os"

// exchangeByRename swaps two folders with three renames, for systems that cannot swap them
// in one step. Between the first and second rename b is missing and its contents wait at
// a+".old"; New puts them back if a build is killed in that moment.
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
