namespace Momentary.Samples;

/// <summary>Where Kafka is when no <c>--bootstrap</c> is given.</summary>
public static class Bootstrap
{
    /// <summary>The file samples/Sandbox writes its embedded cluster's address to.</summary>
    public static string SandboxFile => Path.Combine(Path.GetTempPath(), "momentary-sandbox.bootstrap");

    /// <summary><c>KAFKA_BOOTSTRAP_SERVERS</c>, else a running sandbox's address, else <c>localhost:9092</c>.</summary>
    public static string Default() =>
        Environment.GetEnvironmentVariable("KAFKA_BOOTSTRAP_SERVERS") is { Length: > 0 } env ? env
        : File.Exists(SandboxFile) ? File.ReadAllText(SandboxFile).Trim()
        : "localhost:9092";
}
