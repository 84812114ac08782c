package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"tdkt/internal/store"
)

// benchData loads store.ProvinceSize (its dossiers times -scale) into the
// database.
func benchData(ctx context.Context, st *store.Store, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench-data", flag.ContinueOnError)
	fs.SetOutput(stdout)
	scale := fs.Int("scale", 1, "dossiers: scale × 200,000")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *scale < 1 || *scale > 10 {
		return fmt.Errorf("bench-data: -scale must be between 1 and 10")
	}
	size := store.ProvinceSize
	size.Dossiers *= *scale
	start := time.Now()
	err := st.LoadBenchData(ctx, size, func(format string, a ...any) { fmt.Fprintf(stdout, format+"\n", a...) })
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "bench data loaded in %v: %d units, %d people, %d years, %d dossiers, %d audit events\n",
		time.Since(start).Round(time.Second), size.Units, size.People, size.Years, size.Dossiers, size.Events)
	return nil
}
