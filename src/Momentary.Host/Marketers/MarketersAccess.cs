using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Momentary.Host.Configuration;

namespace Momentary.Host.Marketers;

/// <summary>
/// Who may see the marketers' page: a request carrying the configured bearer token (header, or the HttpOnly session
/// cookie the sign-in form sets), or, when a trusted proxy header is configured, a request on which the proxy named the
/// user. Tokens are compared in constant time (their SHA-256 hashes, so the length leaks nothing either); the cookie
/// holds an HMAC of the token under a key made at start-up, never the token itself.
/// </summary>
internal sealed class MarketersAccess
{
    /// <summary>The session cookie's name.</summary>
    public const string Cookie = "momentary-marketers";

    private readonly byte[]? _tokenHash;
    private readonly string? _proxyHeader;
    private readonly byte[] _cookieKey = RandomNumberGenerator.GetBytes(32);
    private readonly string? _cookieValue;

    public MarketersAccess(MarketersOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.Token))
        {
            _tokenHash = SHA256.HashData(Encoding.UTF8.GetBytes(options.Token));
            _cookieValue = Convert.ToBase64String(HMACSHA256.HashData(_cookieKey, _tokenHash));
        }

        _proxyHeader = string.IsNullOrWhiteSpace(options.TrustedProxyHeader) ? null : options.TrustedProxyHeader;
    }

    /// <summary>Who the request is from (<c>bearer</c>, or the proxy's user), or <c>null</c> for a stranger.</summary>
    public string? Who(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_tokenHash is not null)
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && Matches(authorization["Bearer ".Length..].Trim()))
            {
                return "bearer";
            }

            if (context.Request.Cookies.TryGetValue(Cookie, out var cookie) && cookie is not null
                && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(cookie), Encoding.ASCII.GetBytes(_cookieValue!)))
            {
                return "bearer";
            }
        }

        if (_proxyHeader is not null && context.Request.Headers[_proxyHeader].ToString() is { Length: > 0 and <= 256 } user)
        {
            return user;
        }

        return null;
    }

    /// <summary>Whether <paramref name="token"/> is the configured one (constant time).</summary>
    public bool Matches(string? token) =>
        _tokenHash is not null && token is not null
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(token)), _tokenHash);

    /// <summary>Sets the session cookie after a successful sign-in (HttpOnly, SameSite=Strict, scoped to the page).</summary>
    public void SignIn(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Append(Cookie, _cookieValue!, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/marketers",
        });
    }
}
