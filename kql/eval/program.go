package eval

import (
	"context"
	"sync"
	"time"

	"github.com/sigmakql/sigmakql/diag"
	"github.com/sigmakql/sigmakql/kql"
)

// Options limit and parameterise one run.
type Options struct {
	// MaxRows bounds the rows of every table the query builds, including
	// intermediate ones (a join or mv-expand cannot blow up); 0 means
	// DefaultMaxRows.
	MaxRows int
	// Timeout bounds the run's wall-clock time; 0 means no limit beyond ctx.
	Timeout time.Duration
	// Clock gives now() and ago() their time; nil means time.Now. It is read
	// once per run, so now() is the same everywhere in a query, as in Kusto.
	Clock func() time.Time
}

// DefaultMaxRows is the row limit when Options.MaxRows is 0.
const DefaultMaxRows = 1_000_000

// Program is a compiled query. It is safe for concurrent use: each Run binds
// the query to the tables' columns (reusing the plan when the layout is one it
// has seen) and evaluates it with its own state.
type Program struct {
	query *kql.Query
	mu    sync.Mutex
	plans []*boundPlan // most recent first
}

// maxCachedPlans bounds the plans a Program keeps for different table layouts.
const maxCachedPlans = 8

// boundPlan is the query bound to specific table layouts.
type boundPlan struct {
	deps []tableDep
	plan *tabPlan
}

// tableDep records a table the binding read and the columns it saw.
type tableDep struct {
	name string
	cols []Column
}

// Compile checks that the engine can evaluate q: that every operator and
// function it uses is supported. Names of tables and columns are resolved
// later, against the Database given to Run.
func Compile(q *kql.Query) (*Program, error) {
	if q == nil {
		return nil, diag.Errorf(diag.Pos{}, CodeBadArgument, "no query")
	}
	if err := checkSupported(q); err != nil {
		return nil, err
	}
	return &Program{query: q}, nil
}

// Run compiles q and runs it once over db.
func Run(ctx context.Context, q *kql.Query, db Database, opts Options) (*Table, error) {
	p, err := Compile(q)
	if err != nil {
		return nil, err
	}
	return p.Run(ctx, db, opts)
}

// Run evaluates the program over db and returns its result table.
func (p *Program) Run(ctx context.Context, db Database, opts Options) (result *Table, err error) {
	if opts.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opts.Timeout)
		defer cancel()
	}
	// Binding folds constants, so it can fail like evaluation does.
	defer func() {
		if r := recover(); r != nil {
			result, err = nil, recoverError(r)
		}
	}()
	plan, err := p.bind(db)
	if err != nil {
		return nil, err
	}
	return plan.run(newRunState(ctx, db, opts))
}

// bind returns a plan for db's table layouts, from the cache when it can.
func (p *Program) bind(db Database) (*tabPlan, error) {
	p.mu.Lock()
	for _, bp := range p.plans {
		if bp.fits(db) {
			p.mu.Unlock()
			return bp.plan, nil
		}
	}
	p.mu.Unlock()
	b := newBinder(db)
	plan, err := b.query(p.query)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	p.plans = append([]*boundPlan{{deps: b.deps, plan: plan}}, p.plans...)
	if len(p.plans) > maxCachedPlans {
		p.plans = p.plans[:maxCachedPlans]
	}
	p.mu.Unlock()
	return plan, nil
}

// fits reports whether db has every table the plan was bound to, with the
// same columns.
func (bp *boundPlan) fits(db Database) bool {
	for _, d := range bp.deps {
		t, ok := db[d.name]
		if !ok || !sameColumns(t.Columns, d.cols) {
			return false
		}
	}
	return true
}

func sameColumns(a, b []Column) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// runState is the state of one run: limits, the clock reading, and results of
// sub-queries computed once per run.
type runState struct {
	ctx     context.Context
	db      Database
	maxRows int
	now     int64
	steps   int
	subs    map[*tabPlan]*Table
	memo    map[*byte]any // per-run values of row-independent expressions
	// applyInput holds, per mv-apply, the expanded rows its sub-query reads.
	applyInput map[*byte]*Table
}

func newRunState(ctx context.Context, db Database, opts Options) *runState {
	clock := opts.Clock
	if clock == nil {
		clock = time.Now
	}
	maxRows := opts.MaxRows
	if maxRows <= 0 {
		maxRows = DefaultMaxRows
	}
	return &runState{ctx: ctx, db: db, maxRows: maxRows, now: TicksOf(clock().UTC())}
}

// checkRows fails when a table being built reaches more rows than allowed.
func (rs *runState) checkRows(n int) error {
	if n > rs.maxRows {
		return diag.Errorf(diag.Pos{}, CodeRowLimit, "a table of the query grew past the limit of %d rows", rs.maxRows)
	}
	return nil
}

// tick is called once per row processed; every 1024 rows it checks whether the
// run was canceled or timed out.
func (rs *runState) tick() error {
	rs.steps++
	if rs.steps&1023 != 0 {
		return nil
	}
	if err := rs.ctx.Err(); err != nil {
		return diag.Errorf(diag.Pos{}, CodeCanceled, "query stopped: %v", err)
	}
	return nil
}

// sub runs a sub-query once per run and keeps its result.
func (rs *runState) sub(p *tabPlan) (*Table, error) {
	if t, ok := rs.subs[p]; ok {
		return t, nil
	}
	t, err := p.run(rs)
	if err != nil {
		return nil, err
	}
	if rs.subs == nil {
		rs.subs = map[*tabPlan]*Table{}
	}
	rs.subs[p] = t
	return t, nil
}
