using BenchmarkDotNet.Running;

// dotnet run -c Release --project load-tests/Momentary.Benchmarks -- --filter '*'   (BenchmarkDotNet's own arguments)
BenchmarkSwitcher.FromAssembly(typeof(Momentary.Benchmarks.GeofenceBenchmarks).Assembly).Run(args);
