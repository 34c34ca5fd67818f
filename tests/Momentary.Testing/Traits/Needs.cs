namespace Momentary.Testing.Traits;

/// <summary>
/// The trait that says what a test class needs beyond the process it runs in, so the fast unit tests can run alone:
/// <c>dotnet test --filter "needs!=redis-server&amp;needs!=kafka&amp;needs!=processes&amp;needs!=node&amp;needs!=browser"</c>.
/// </summary>
public static class Needs
{
    /// <summary>The trait's name.</summary>
    public const string Trait = "needs";

    /// <summary>A real <c>redis-server</c> (or cluster) started by the test on free ports.</summary>
    public const string Redis = "redis-server";

    /// <summary>A Kafka cluster: librdkafka's mock, a container or the broker in <c>MOMENTARY_KAFKA_BOOTSTRAP</c>.</summary>
    public const string Kafka = "kafka";

    /// <summary>Published <c>momentary</c> processes started, signalled and killed by the test.</summary>
    public const string Processes = "processes";

    /// <summary>Node.js and npm: an npm package's check run as a child process, its packages installed on first use.</summary>
    public const string Node = "node";

    /// <summary>A headless Chromium (Debian's <c>chromium</c> package, installed by tests/run.sh) driven by Playwright.</summary>
    public const string Browser = "browser";
}
