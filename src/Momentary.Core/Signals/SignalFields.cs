using System.Text.Json;
using static Momentary.Core.Signals.SignalFieldReader;
using static Momentary.Core.Signals.SignalFieldRules;

namespace Momentary.Core.Signals;

/// <summary>
/// The properties of one record as read, before validation, and how they become a signal of their kind; a mutable
/// struct so decoding allocates only the strings it keeps. Reading one value is <see cref="SignalFieldReader"/>'s,
/// the checks shared by kinds are <see cref="SignalFieldRules"/>'.
/// </summary>
internal struct SignalFields
{
    private int? _version;
    private string? _kind;
    private string? _id;
    private string? _customerId;
    private DateTimeOffset? _ts;
    private double? _lat;
    private double? _lon;
    private double? _accuracy;
    private double? _speed;
    private double? _heading;
    private int? _sedentary;
    private int? _steps;
    private int? _heartRate;
    private string? _action;
    private string? _venueId;
    private string? _purchaseId;
    private string? _sku;
    private string? _category;
    private decimal? _price;
    private decimal? _competitorPrice;
    private string? _currency;
    private string? _referralCode;
    private string? _offerId;
    private string? _ruleId;

    // The strings kind and action are only matched against, so the known ones are never allocated.
    private static readonly string[] Kinds = ["location", "wearable", "social", "commerce"];
    private static readonly string[] Actions = ["check-in", "share", "price-check", "purchase", "redemption", "referral-credit"];

    // The record key, when the caller has it as a string: a customerId equal to it reuses that instance.
    private readonly string? _expectedCustomerId;

    /// <summary>Fields to be read from a record whose key (by contract the customerId) is <paramref name="expectedCustomerId"/>.</summary>
    public SignalFields(string? expectedCustomerId)
    {
        _expectedCustomerId = expectedCustomerId;
    }

    // One bit per contract property already read, so a repeated one is caught without allocating a set per record.
    // Unknown properties are skipped unread and may repeat.
    private uint _seen;

    /// <summary>Reads the value of the property the reader is positioned on.</summary>
    public bool ReadProperty(ref Utf8JsonReader reader, out SignalError? error)
    {
        error = null;
        if (reader.ValueTextEquals("v"u8)) { return First(0, "v", out error) && ReadInt(ref reader, "v", out _version, out error); }
        if (reader.ValueTextEquals("kind"u8)) { return First(1, "kind", out error) && ReadKnownString(ref reader, "kind", Kinds, out _kind, out error); }
        if (reader.ValueTextEquals("id"u8)) { return First(2, "id", out error) && ReadString(ref reader, "id", out _id, out error); }
        if (reader.ValueTextEquals("customerId"u8)) { return First(3, "customerId", out error) && ReadKnownString(ref reader, "customerId", new ReadOnlySpan<string?>(in _expectedCustomerId), out _customerId, out error); }
        if (reader.ValueTextEquals("ts"u8)) { return First(4, "ts", out error) && ReadTimestamp(ref reader, out _ts, out error); }
        if (reader.ValueTextEquals("lat"u8)) { return First(5, "lat", out error) && ReadDouble(ref reader, "lat", out _lat, out error); }
        if (reader.ValueTextEquals("lon"u8)) { return First(6, "lon", out error) && ReadDouble(ref reader, "lon", out _lon, out error); }
        if (reader.ValueTextEquals("accuracyM"u8)) { return First(7, "accuracyM", out error) && ReadDouble(ref reader, "accuracyM", out _accuracy, out error); }
        if (reader.ValueTextEquals("speedMps"u8)) { return First(8, "speedMps", out error) && ReadDouble(ref reader, "speedMps", out _speed, out error); }
        if (reader.ValueTextEquals("headingDeg"u8)) { return First(9, "headingDeg", out error) && ReadDouble(ref reader, "headingDeg", out _heading, out error); }
        if (reader.ValueTextEquals("sedentaryMinutes"u8)) { return First(10, "sedentaryMinutes", out error) && ReadInt(ref reader, "sedentaryMinutes", out _sedentary, out error); }
        if (reader.ValueTextEquals("steps"u8)) { return First(11, "steps", out error) && ReadInt(ref reader, "steps", out _steps, out error); }
        if (reader.ValueTextEquals("heartRate"u8)) { return First(12, "heartRate", out error) && ReadInt(ref reader, "heartRate", out _heartRate, out error); }
        if (reader.ValueTextEquals("action"u8)) { return First(13, "action", out error) && ReadKnownString(ref reader, "action", Actions, out _action, out error); }
        if (reader.ValueTextEquals("venueId"u8)) { return First(14, "venueId", out error) && ReadString(ref reader, "venueId", out _venueId, out error); }
        if (reader.ValueTextEquals("purchaseId"u8)) { return First(15, "purchaseId", out error) && ReadString(ref reader, "purchaseId", out _purchaseId, out error); }
        if (reader.ValueTextEquals("sku"u8)) { return First(16, "sku", out error) && ReadString(ref reader, "sku", out _sku, out error); }
        if (reader.ValueTextEquals("category"u8)) { return First(17, "category", out error) && ReadString(ref reader, "category", out _category, out error); }
        if (reader.ValueTextEquals("price"u8)) { return First(18, "price", out error) && ReadDecimal(ref reader, "price", out _price, out error); }
        if (reader.ValueTextEquals("competitorPrice"u8)) { return First(19, "competitorPrice", out error) && ReadDecimal(ref reader, "competitorPrice", out _competitorPrice, out error); }
        if (reader.ValueTextEquals("currency"u8)) { return First(20, "currency", out error) && ReadString(ref reader, "currency", out _currency, out error); }
        if (reader.ValueTextEquals("referralCode"u8)) { return First(21, "referralCode", out error) && ReadString(ref reader, "referralCode", out _referralCode, out error); }
        if (reader.ValueTextEquals("offerId"u8)) { return First(22, "offerId", out error) && ReadString(ref reader, "offerId", out _offerId, out error); }
        if (reader.ValueTextEquals("ruleId"u8)) { return First(23, "ruleId", out error) && ReadString(ref reader, "ruleId", out _ruleId, out error); }

        // Unknown property: skip its value (objects and arrays included).
        reader.Read();
        reader.Skip();
        return true;
    }

    /// <summary>Validates what was read and builds the signal.</summary>
    public readonly bool TryBuild(out Signal? signal, out SignalError? error)
    {
        signal = null;
        if (_version is { } v && v != SignalCodec.Version)
        {
            error = new SignalError(SignalError.UnsupportedVersion, $"contract version {v} is not supported (expected {SignalCodec.Version})");
            return false;
        }

        if (!Require(_kind, "kind", out error) || !Require(_id, "id", out error) || !Require(_customerId, "customerId", out error))
        {
            return false;
        }

        if (!ValidId(_id!, "id", out error) || !ValidId(_customerId!, "customerId", out error))
        {
            return false;
        }

        if (_ts is not { } ts)
        {
            error = new SignalError(SignalError.MissingField, "ts is required");
            return false;
        }

        switch (_kind)
        {
            case "location":
                return TryBuildLocation(ts, out signal, out error);
            case "wearable":
                if (_sedentary < 0 || _steps < 0 || _heartRate < 0)
                {
                    error = new SignalError(SignalError.InvalidField, "wearable measures must not be negative");
                    return false;
                }

                signal = new WearableReading { Id = _id!, CustomerId = _customerId!, Timestamp = ts, SedentaryMinutes = _sedentary, Steps = _steps, HeartRate = _heartRate };
                return true;
            case "social":
                return TryBuildSocial(ts, out signal, out error);
            case "commerce":
                return TryBuildCommerce(ts, out signal, out error);
            default:
                error = new SignalError(SignalError.UnknownKind, "kind must be one of location, wearable, social, commerce");
                return false;
        }
    }

    private readonly bool TryBuildLocation(DateTimeOffset ts, out Signal? signal, out SignalError? error)
    {
        signal = null;
        if (_lat is not { } lat || _lon is not { } lon)
        {
            error = new SignalError(SignalError.MissingField, "lat and lon are required for location");
            return false;
        }

        if (!double.IsFinite(lat) || lat is < -90 or > 90 || !double.IsFinite(lon) || lon is < -180 or > 180)
        {
            error = new SignalError(SignalError.InvalidField, "lat must be within [-90, 90] and lon within [-180, 180]");
            return false;
        }

        var accuracy = _accuracy ?? 0;
        if (!double.IsFinite(accuracy) || accuracy < 0)
        {
            error = new SignalError(SignalError.InvalidField, "accuracyM must be a non-negative number");
            return false;
        }

        // A JSON number can overflow to infinity (1e400), which no device reports. A negative speed or heading is
        // how iOS says "not measured" (-1), so it reads as absent rather than failing the whole fix.
        if (_speed is { } speed && !double.IsFinite(speed) || _heading is { } heading && (!double.IsFinite(heading) || heading > 360))
        {
            error = new SignalError(SignalError.InvalidField, "speedMps must be a finite number and headingDeg a finite number up to 360");
            return false;
        }

        error = null;
        signal = new LocationPing
        {
            Id = _id!,
            CustomerId = _customerId!,
            Timestamp = ts,
            Latitude = lat,
            Longitude = lon,
            AccuracyMeters = accuracy,
            SpeedMetersPerSecond = _speed >= 0 ? _speed : null,
            HeadingDegrees = _heading >= 0 ? _heading : null,
        };
        return true;
    }

    private readonly bool TryBuildSocial(DateTimeOffset ts, out Signal? signal, out SignalError? error)
    {
        signal = null;
        SocialAction action;
        switch (_action)
        {
            case "check-in":
                action = SocialAction.CheckIn;
                if (!Require(_venueId, "venueId", out error))
                {
                    return false;
                }

                break;
            case "share":
                action = SocialAction.Share;
                break;
            default:
                error = new SignalError(_action is null ? SignalError.MissingField : SignalError.InvalidField, "social action must be check-in or share");
                return false;
        }

        error = null;
        signal = new SocialEvent { Id = _id!, CustomerId = _customerId!, Timestamp = ts, Action = action, VenueId = _venueId, PurchaseId = _purchaseId };
        return true;
    }

    private readonly bool TryBuildCommerce(DateTimeOffset ts, out Signal? signal, out SignalError? error)
    {
        signal = null;
        CommerceAction action;
        switch (_action)
        {
            case "price-check":
                action = CommerceAction.PriceCheck;
                break;
            case "purchase":
                action = CommerceAction.Purchase;
                break;
            case "redemption":
                action = CommerceAction.Redemption;
                if (!Require(_offerId, "offerId", out error) || !Require(_ruleId, "ruleId", out error))
                {
                    return false;
                }

                break;
            case "referral-credit":
                action = CommerceAction.ReferralCredit;
                if (!Require(_referralCode, "referralCode", out error))
                {
                    return false;
                }

                if (_price is null)
                {
                    error = new SignalError(SignalError.MissingField, "price (the amount credited) is required for a referral-credit");
                    return false;
                }

                break;
            default:
                error = new SignalError(_action is null ? SignalError.MissingField : SignalError.InvalidField, "commerce action must be price-check, purchase, redemption or referral-credit");
                return false;
        }

        if (_price < 0 || _competitorPrice < 0)
        {
            error = new SignalError(SignalError.InvalidField, "prices must not be negative");
            return false;
        }

        error = null;
        signal = new CommerceEvent
        {
            Id = _id!,
            CustomerId = _customerId!,
            Timestamp = ts,
            Action = action,
            VenueId = _venueId,
            Sku = _sku,
            Category = _category,
            Price = _price,
            CompetitorPrice = _competitorPrice,
            Currency = _currency,
            ReferralCode = _referralCode,
            OfferId = _offerId,
            RuleId = _ruleId,
        };
        return true;
    }

    private bool First(int bit, string name, out SignalError? error)
    {
        var mask = 1u << bit;
        if ((_seen & mask) != 0)
        {
            error = new SignalError(SignalError.DuplicateProperty, $"{name} appears more than once");
            return false;
        }

        _seen |= mask;
        error = null;
        return true;
    }
}
