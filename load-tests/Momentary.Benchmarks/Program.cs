using BenchmarkDotNet.Running;

// cd load-tests/Momentary.Benchmarks && dotnet run -c Release -- --filter '*RuleEvaluation*' --inProcess   (BenchmarkDotNet's own arguments)
BenchmarkSwitcher.FromAssembly(typeof(Momentary.Benchmarks.GeofenceBenchmarks).Assembly).Run(args);
