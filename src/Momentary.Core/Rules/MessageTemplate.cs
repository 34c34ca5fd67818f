using System.Text;

namespace Momentary.Core.Rules;

/// <summary>
/// An offer message with placeholders, split into literal and placeholder parts once at load time:
/// <c>{venue}</c> (venue name), <c>{discount}</c> (e.g. <c>20%</c>), <c>{friends}</c> (friends counted),
/// <c>{validFor}</c> (e.g. <c>3 hours</c>), <c>{distance}</c> (metres to the venue), <c>{overdueDays}</c> (routine
/// rules), <c>{referralCode}</c> (share rules), <c>{credited}</c> and <c>{earnings}</c> (referral-credit rules: this
/// credit and the month's total, e.g. <c>4.50 EUR</c>). Unknown placeholders are load errors, never rendered as-is.
/// </summary>
internal sealed class MessageTemplate
{
    /// <summary>The placeholders a message may use.</summary>
    public static readonly string[] Placeholders = ["venue", "discount", "friends", "validFor", "distance", "overdueDays", "referralCode", "credited", "earnings"];

    // A literal (Placeholder -1) or an index into Placeholders, resolved once at load so rendering switches on an int.
    private readonly (string Text, int Placeholder)[] _parts;

    private MessageTemplate((string, int)[] parts) => _parts = parts;

    /// <summary>Splits <paramref name="text"/>; on failure <paramref name="problem"/> says what is wrong.</summary>
    public static MessageTemplate? TryParse(string text, out string? problem)
    {
        var parts = new List<(string, int)>();
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf('{', i);
            if (open < 0)
            {
                parts.Add((text[i..], -1));
                break;
            }

            if (open > i)
            {
                parts.Add((text[i..open], -1));
            }

            var close = text.IndexOf('}', open);
            if (close < 0)
            {
                problem = $"unclosed placeholder at character {open + 1}";
                return null;
            }

            var name = text[(open + 1)..close];
            var index = Array.IndexOf(Placeholders, name);
            if (index < 0)
            {
                problem = $"unknown placeholder {{{name}}}";
                return null;
            }

            parts.Add((name, index));
            i = close + 1;
        }

        problem = null;
        return new MessageTemplate([.. parts]);
    }

    public string Render(RuleScope scope, string discountText, string validForText)
    {
        var sb = new StringBuilder(64);
        foreach (var (text, placeholder) in _parts)
        {
            switch (placeholder)
            {
                case -1:
                    sb.Append(text);
                    break;
                case 0: // venue
                    sb.Append(scope.Trigger?.Venue.Name);
                    break;
                case 1: // discount
                    sb.Append(discountText);
                    break;
                case 2: // friends
                    sb.Append(scope.FriendsCount);
                    break;
                case 3: // validFor
                    sb.Append(validForText);
                    break;
                case 4: // distance
                    sb.Append((int)Math.Round(scope.Trigger?.DistanceMeters ?? 0));
                    break;
                case 5: // overdueDays
                    sb.Append(scope.OverdueDays);
                    break;
                case 6: // referralCode
                    sb.Append(scope.ReferralCode);
                    break;
                case 7: // credited
                    if (Triggers.ReferralCreditTrigger.Credit(scope) is { } credited)
                    {
                        sb.Append(Triggers.ReferralCreditTrigger.Money(credited.Credited, credited.Currency));
                    }

                    break;
                default: // earnings
                    if (Triggers.ReferralCreditTrigger.Credit(scope) is { } earnings)
                    {
                        sb.Append(Triggers.ReferralCreditTrigger.Money(earnings.MonthToDate, earnings.Currency));
                    }

                    break;
            }
        }

        return sb.ToString();
    }
}
