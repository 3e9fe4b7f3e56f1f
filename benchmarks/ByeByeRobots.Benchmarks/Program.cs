using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/ByeByeRobots.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
