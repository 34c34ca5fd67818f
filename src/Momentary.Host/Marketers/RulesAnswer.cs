using Momentary.Host.Reloading;

namespace Momentary.Host.Marketers;

/// <summary>The rules in force: the file, its hash, when it was loaded, the last reload's result, and each rule in words.</summary>
internal sealed record RulesAnswer(string File, string Hash, DateTimeOffset LoadedAt, ReloadReport? LastReload, IReadOnlyList<RuleView> Rules);
