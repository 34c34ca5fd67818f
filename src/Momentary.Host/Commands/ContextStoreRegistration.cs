using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Momentary.Core.Context;
using Momentary.Host.Configuration;

namespace Momentary.Host.Commands;

/// <summary>Registers the context store chosen by configuration.</summary>
public static class ContextStoreRegistration
{
    /// <summary>Redis when <c>Momentary:Redis:Configuration</c> is set, otherwise the in-memory store (single process only).</summary>
    public static IServiceCollection AddMomentaryContextStore(this IServiceCollection services)
    {
        services.AddSingleton<ICustomerContextStore>(sp =>
        {
            var redis = sp.GetRequiredService<IOptions<MomentaryOptions>>().Value.Redis.Configuration;
            return string.IsNullOrWhiteSpace(redis) ? new InMemoryContextStore() : StoreFactory.ConnectRedis(redis, sp.GetRequiredService<TimeProvider>());
        });
        return services;
    }
}
