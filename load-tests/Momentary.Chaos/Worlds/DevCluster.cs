using System.Globalization;
using Momentary.Chaos.Processes;

namespace Momentary.Chaos.Worlds;

/// <summary>
/// A <c>momentary dev-cluster --partitions N</c> process: librdkafka's mock brokers with every Momentary topic
/// created, alive exactly as long as the process. Its first line on standard output is the bootstrap list.
/// </summary>
internal sealed class DevCluster : IKafkaCluster
{
    private readonly ChildProcess _process;

    private DevCluster(ChildProcess process, string bootstrap, int partitions)
    {
        _process = process;
        BootstrapServers = bootstrap;
        Partitions = partitions;
    }

    public string BootstrapServers { get; }

    public TopicSet Topics => TopicSet.Default;

    public int Partitions { get; }

    public string Description => "dev-cluster (librdkafka mock)";

    public string? Failure => _process.HasExited ? $"the dev-cluster process exited with code {_process.ExitCode} (143: SIGTERM, 137: SIGKILL, from outside the suite)" : null;

    public static async Task<DevCluster> StartAsync(MomentaryBinary binary, int partitions, string directory, string name)
    {
        var process = ChildProcess.Start(name, binary.Command, ["dev-cluster", "--partitions", partitions.ToString(CultureInfo.InvariantCulture)], new Dictionary<string, string>(), directory, Path.Combine(directory, name + ".log"));
        try
        {
            var bootstrap = await process.FirstLine.WaitAsync(TimeSpan.FromSeconds(60));
            return new DevCluster(process, bootstrap.Trim(), partitions);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    public void Dispose() => _process.Dispose();
}
