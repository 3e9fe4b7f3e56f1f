// Browser tests run one at a time: each starts a service and a page server and drives the one
// shared Chromium, and on a 2-core machine parallel pages only fight for the CPU the proofs of
// work need (the whole class of tests ran slower in parallel than in sequence).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
