namespace Momentary.Core.Signals;

/// <summary>What a customer did socially.</summary>
public enum SocialAction
{
    /// <summary>Checked in at a venue; fanned out to the customer's friends' context.</summary>
    CheckIn,

    /// <summary>Shared a purchase; may earn a referral link.</summary>
    Share,
}
