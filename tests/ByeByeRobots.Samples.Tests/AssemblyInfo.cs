// One browser test at a time: the machine has two cores, shared with the service, Redis and the samples.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
