namespace Momentary.Core.Signals;

/// <summary>What a customer did socially.</summary>
public enum SocialAction
{
    /// <summary>Checked in at a venue; counts in the customer's friends' context.</summary>
    CheckIn,

    /// <summary>Shared a purchase; may earn a referral link.</summary>
    Share,
}
