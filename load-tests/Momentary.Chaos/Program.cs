using Momentary.Chaos;

// momentary-chaos: the reliability suite (docs/reliability.md). Exits 0 when every scenario passed, 1 otherwise.
return await ChaosCommand.Build().Parse(args).InvokeAsync();
