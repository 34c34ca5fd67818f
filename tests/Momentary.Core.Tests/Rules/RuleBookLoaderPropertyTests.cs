using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Momentary.Core.Rules;
using Momentary.Core.Venues;

namespace Momentary.Core.Tests.Rules;

/// <summary>
/// The rules loader at its trust boundary, on generated input: the demo and Jane rules files mutated with YAML
/// tokens (anchors, aliases, tags, flow brackets, directives, document markers), cut at any point, YAML-ish token
/// soup and random bytes. Whatever the text, <see cref="RuleBookLoader.TryParse"/> returns a rule book or located
/// errors and never throws, and <see cref="RuleBookLoader.Parse"/> throws nothing but <see cref="RuleFileException"/>.
/// </summary>
public sealed class RuleBookLoaderPropertyTests
{
    private static readonly Dictionary<string, Venue> Venues = new()
    {
        ["riverside-mall"] = new("riverside-mall", "Riverside Mall", "mall"),
        ["aurora"] = new("aurora", "Aurora", "fashion"),
        ["kiosk"] = new("kiosk", "Kiosk", "cafe"),
        ["freshco"] = new("freshco", "FreshCo", "grocery"),
        ["resort-cafe"] = new("resort-cafe", "Resort Cafe", "cafe"),
    };

    private static readonly string[] Seeds =
    [
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Rules", "Valid", "jane-rules.yaml")),
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Rules", "Valid", "demo-rules.yaml")),
    ];

    private static readonly string[] Tokens =
    [
        "\t", " ", "  ", "\n", "\r\n", "\r", "&a ", "*a", "&a [*a]", "? &b [*b]\n: 1\n", "<<: *a", "!!binary ", "!!int ", "!!map ", "!<> ",
        "!!%00 ", "!foo ", "!<tag:yaml.org,2002:str> ", "%TAG ! \n", "%TAG !e! tag:x,2000:\n", "%YAML 1.1\n", "---\n", "...\n", "? ",
        ": ", "- ", "{", "}", "[", "]", ",", "\"", "'", "|", ">-", "#", "@", "`", "~", "null", "\uFEFF", "\0", "\u2028", "\ud800", "\u0085",
        "99999999999999999999999", "1e999", "-0", "0x10", ".inf", ".nan", "9999-12-31", "25:99", "999999d", "1.5h",
        "version: 2\n", "rules: ", "trigger: ", "when: ", "offer: ", "id: ", "venue: ", "category: ", "{ enter: { venue: aurora } }",
        "[[[[[[[[[[[[[[[[", "]]]]]]]]]]]]]]]]", "\n    - ", "\n  ", "a:\n : b }\n",
    ];

    private static Gen<string> Mutated =>
        from seed in Gen.Elements(Seeds)
        from count in Gen.Choose(1, 5)
        from mutations in Gen.ArrayOf(
            from op in Gen.Choose(0, 5)
            from at in Gen.Choose(0, 100_000)
            from token in Gen.Elements(Tokens)
            from length in Gen.Choose(1, 60)
            select (op, at, token, length), count)
        select Mutate(seed, mutations);

    [Property(MaxTest = 1_000)]
    public Property TryParse_MutatedValidFile_ReturnsLocatedErrorsOrARuleBookWithoutThrowing() =>
        Prop.ForAll(Mutated.ToArbitrary(), Loads);

    [Property(MaxTest = 300)]
    public Property TryParse_ValidFileCutAnywhere_ReturnsLocatedErrorsOrARuleBookWithoutThrowing() =>
        Prop.ForAll((from seed in Gen.Elements(Seeds) from at in Gen.Choose(0, 100_000) select seed[..(at % (seed.Length + 1))]).ToArbitrary(), Loads);

    [Property(MaxTest = 1_000)]
    public Property TryParse_TokenSoup_ReturnsLocatedErrorsWithoutThrowing() =>
        Prop.ForAll(Gen.ArrayOf(Gen.Elements(Tokens)).Select(string.Concat).ToArbitrary(), yaml => !RuleBookLoader.TryParse(yaml, "fuzz.yaml", Venues, out _, out _) && Loads(yaml));

    [Property(MaxTest = 500)]
    public Property TryParse_RandomBytes_ReturnsLocatedErrorsWithoutThrowing() =>
        Prop.ForAll(Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).Select(b => Encoding.UTF8.GetString(b)).ToArbitrary(), yaml => !RuleBookLoader.TryParse(yaml, "fuzz.yaml", Venues, out _, out _) && Loads(yaml));

    [Property(MaxTest = 200)]
    public Property Parse_MutatedValidFile_ThrowsOnlyRuleFileException() =>
        Prop.ForAll(Mutated.ToArbitrary(), yaml =>
        {
            try
            {
                return RuleBookLoader.Parse(yaml, "fuzz.yaml", Venues) is not null;
            }
            catch (RuleFileException ex)
            {
                return ex.Errors.Count > 0;
            }
        });

    private static bool Loads(string yaml)
    {
        var ok = RuleBookLoader.TryParse(yaml, "fuzz.yaml", Venues, out var book, out var errors);
        return ok
            ? book is not null && errors.Count == 0
            : book is null && errors.Count > 0 && errors.All(e => e.File == "fuzz.yaml" && e.Line >= 1 && e.Column >= 1 && e.Problem.Length > 0);
    }

    private static string Mutate(string seed, (int Op, int At, string Token, int Length)[] mutations)
    {
        var s = new StringBuilder(seed);
        foreach (var (op, at, token, length) in mutations)
        {
            var i = at % (s.Length + 1);
            var n = Math.Min(length, s.Length - i);
            switch (op)
            {
                case 0: s.Insert(i, token); break;
                case 1: s.Remove(i, n); break;
                case 2: s.Length = i; break; // truncate
                case 3: s.Insert(i, s.ToString(i, n)); break; // repeat a stretch (a key, an anchor, a bracket)
                case 4: s.Remove(i, n).Insert(i, token); break; // replace a stretch
                default: s.Insert(i, token + token); break;
            }
        }

        return s.ToString();
    }
}
