using System.Globalization;
using System.Text;

namespace Momentary.Core.Rules;

/// <summary>
/// An offer message with placeholders, split into literal and placeholder parts once at load time:
/// <c>{venue}</c> (venue name), <c>{discount}</c> (e.g. <c>20%</c>), <c>{friends}</c> (friends counted),
/// <c>{validFor}</c> (e.g. <c>3 hours</c>), <c>{distance}</c> (metres to the venue), <c>{overdueDays}</c> (routine
/// rules), <c>{referralCode}</c> (share rules). Unknown placeholders are load errors, never rendered as-is.
/// </summary>
internal sealed class MessageTemplate
{
    /// <summary>The placeholders a message may use.</summary>
    public static readonly string[] Placeholders = ["venue", "discount", "friends", "validFor", "distance", "overdueDays", "referralCode"];

    private readonly (string Text, bool IsPlaceholder)[] _parts;

    private MessageTemplate((string, bool)[] parts) => _parts = parts;

    /// <summary>Splits <paramref name="text"/>; on failure <paramref name="problem"/> says what is wrong.</summary>
    public static MessageTemplate? TryParse(string text, out string? problem)
    {
        var parts = new List<(string, bool)>();
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf('{', i);
            if (open < 0)
            {
                parts.Add((text[i..], false));
                break;
            }

            if (open > i)
            {
                parts.Add((text[i..open], false));
            }

            var close = text.IndexOf('}', open);
            if (close < 0)
            {
                problem = $"unclosed placeholder at character {open + 1}";
                return null;
            }

            var name = text[(open + 1)..close];
            if (Array.IndexOf(Placeholders, name) < 0)
            {
                problem = $"unknown placeholder {{{name}}}";
                return null;
            }

            parts.Add((name, true));
            i = close + 1;
        }

        problem = null;
        return new MessageTemplate([.. parts]);
    }

    public string Render(RuleScope scope, string discountText, string validForText)
    {
        var sb = new StringBuilder(64);
        foreach (var (text, isPlaceholder) in _parts)
        {
            if (!isPlaceholder)
            {
                sb.Append(text);
                continue;
            }

            switch (text)
            {
                case "venue":
                    sb.Append(scope.Trigger?.Venue.Name);
                    break;
                case "discount":
                    sb.Append(discountText);
                    break;
                case "friends":
                    sb.Append(scope.FriendsCount.ToString(CultureInfo.InvariantCulture));
                    break;
                case "distance":
                    sb.Append(((int)Math.Round(scope.Trigger?.DistanceMeters ?? 0)).ToString(CultureInfo.InvariantCulture));
                    break;
                case "overdueDays":
                    sb.Append(scope.OverdueDays.ToString(CultureInfo.InvariantCulture));
                    break;
                case "referralCode":
                    sb.Append(scope.ReferralCode);
                    break;
                default:
                    sb.Append(validForText);
                    break;
            }
        }

        return sb.ToString();
    }
}
