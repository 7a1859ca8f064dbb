// Command fixphotos replaces the photos of a gen_corpus.py corpus that do not decode (see
// package corpusfix), so that mentorgen, which decodes photos, can build it:
//
//	go run ./bench/fixphotos /dev/shm/c10k
package main

import (
	"fmt"
	"os"

	"mentorgen/bench/corpusfix"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./bench/fixphotos CORPUS_DIR")
		os.Exit(2)
	}
	n, err := corpusfix.Photos(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "fixphotos:", err)
		os.Exit(1)
	}
	fmt.Printf("fixphotos: replaced %d photos that do not decode\n", n)
}
