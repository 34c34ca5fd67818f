using System.Text;
using Momentary.Core.Context;

namespace Momentary.Core.Tests.Context;

/// <summary>
/// Compares states field by field: records holding dictionaries and lists do not compare by value, and
/// <see cref="DateTimeOffset"/> equality ignores the offset. The JSON view (source-generated over every public property,
/// times with their offset and all seven fractional digits, doubles in round-trip form) is exact and covers a property
/// added later without this helper knowing it.
/// </summary>
internal static class StateAssert
{
    public static void Same(CustomerState expected, CustomerState actual) => Assert.Equal(Json(expected), Json(actual));

    public static string Json(CustomerState state) => Encoding.UTF8.GetString(CustomerStateCodec.EncodeJson(state));
}
