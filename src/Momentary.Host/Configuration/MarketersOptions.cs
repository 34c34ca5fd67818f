using System.ComponentModel.DataAnnotations;

namespace Momentary.Host.Configuration;

/// <summary>
/// The marketers' page (<c>/marketers</c>, docs/marketers.md): read-only, off by default, and closed to strangers. When
/// enabled it needs a credential: a bearer <see cref="Token"/>, or an OIDC proxy in front of the engine that names the
/// user in <see cref="TrustedProxyHeader"/>; enabled with neither, the process refuses to start (exit 2).
/// </summary>
internal sealed class MarketersOptions
{
    /// <summary>Serve the page and its API. Default false: every <c>/marketers</c> route answers 404.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The shared secret marketers sign in with (sent as <c>Authorization: Bearer ...</c>, or typed once into the page's
    /// sign-in form). At least 16 characters; keep it in a secret (<c>Momentary__Marketers__Token</c>), never in a file.
    /// </summary>
    [MinLength(16, ErrorMessage = "must be at least 16 characters")]
    public string? Token { get; set; }

    /// <summary>
    /// The header an authenticating proxy (oauth2-proxy and the like) sets to the signed-in user, e.g.
    /// <c>X-Forwarded-Email</c>. Honoured only when set, and only safe when the engine's port is reachable through that
    /// proxy alone. Empty (default): bearer tokens only.
    /// </summary>
    public string? TrustedProxyHeader { get; set; }

    /// <summary>
    /// Where each "why not" look-up is recorded, one JSON line <c>{at, who, customer}</c>: a file path (appended), or
    /// <c>stderr</c> (default).
    /// </summary>
    [Required]
    public string AuditLog { get; set; } = "stderr";

    /// <summary>How far back the live counters look. Default 15 min (1 min to 24 h).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan CounterWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The largest back-test upload, all files together. Default 10 MB (1 KB to 200 MB).</summary>
    [Range(1024, 200L * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 10L * 1024 * 1024;
}
