using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Momentary.Core.Context;

namespace Momentary.Host.Marketers;

/// <summary>Registers the "why not" source of the marketers' page.</summary>
internal static class WhyNotRegistration
{
    /// <summary>
    /// When <c>Momentary:Marketers:Enabled</c> is true: <see cref="RecentSignals"/> (the engine then keeps each
    /// customer's last 5 decided signals in memory, for at most 10,000 customers) and <see cref="IWhyNotSource"/>.
    /// Otherwise registers nothing, and the engine keeps nothing.
    /// </summary>
    public static IServiceCollection AddWhyNotSource(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (!configuration.GetValue<bool>("Momentary:Marketers:Enabled"))
        {
            return services;
        }

        services.AddSingleton(new RecentSignals());
        services.AddSingleton<IWhyNotSource>(sp => new WhyNotSource(sp.GetRequiredService<RecentSignals>(), sp.GetRequiredService<IContextStoreRuntime>().Store));
        return services;
    }
}
