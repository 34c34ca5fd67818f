using Momentary.Testing.Traits;
using Momentary.Core.Context;
using Momentary.Core.Import;
using Momentary.Redis.Tests.Support;
using Momentary.Testing.Redis;

namespace Momentary.Redis.Tests.Import;

[Collection(RedisServerCollection.Name)]
[Trait(Needs.Trait, Needs.Redis)]
public sealed class ContextImporterTests(RedisServerFixture redis)
{
    private const string File = """
        {"type":"profile","customerId":"jane","segments":["fashion"],"interests":["shoes"],"consent":{"offers":true},"timeZone":"Europe/Paris","tier":"gold"}
        {"type":"profile","customerId":"amy","segments":["fashion"],"consent":{"offers":false}}
        not json at all
        {"type":"friendship","customerId":"jane","friendId":"amy"}
        {"type":"friendship","customerId":"jane"}

        {"type":"checkin","customerId":"amy","venueId":"aurora","at":"2026-11-22T17:10:00Z"}
        {"type":"profile","customerId":"bob","timeZone":"Mars/Olympus"}
        {"type":"wish","customerId":"bob"}
        """;

    public static TheoryData<string> Stores => ["memory", "redis"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Import_MixedFile_LoadsGoodLinesAndReportsBadOnesByLineNumber(string kind)
    {
        using var redisStore = kind == "redis" ? redis.CreateStore() : null;
        ICustomerContextStore store = redisStore is null ? new InMemoryContextStore() : redisStore;
        var reports = new List<ImportProgress>();

        var summary = await new ContextImporter(store).ImportAsync(new StringReader(File), new Progress<ImportProgress>(reports.Add));

        Assert.Equal((9L, 2L, 1L, 1L), (summary.Lines, summary.Profiles, summary.Friendships, summary.CheckIns));
        Assert.Equal(["line 3: not valid JSON", "line 5: missing 'friendId'", "line 8: unknown time zone 'Mars/Olympus' (use an IANA id such as Europe/Paris)", "line 9: unknown type 'wish' (profile, friendship or checkin)"], summary.Errors.Select(e => e.ToString()));
        var jane = await store.LoadAsync(new ContextQuery("jane", ["aurora"], TimeSpan.FromDays(14), new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero)));
        Assert.Equal(("gold", "Europe/Paris", true), (jane.Profile!.Tier, jane.Profile.TimeZone, jane.Profile.HasConsent("offers")));
        Assert.Equal("amy", Assert.Single(jane.FriendVisits["aurora"]).FriendId);
    }
}
