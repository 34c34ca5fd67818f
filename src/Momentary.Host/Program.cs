using Momentary.Host.Commands;

return await MomentaryCli.Build().Parse(args).InvokeAsync().ConfigureAwait(false);
