using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Momentary.Core.Context;
using Momentary.Host.Configuration;
using Momentary.Host.Engine;
using Momentary.Redis.Runtime;

namespace Momentary.Host.Hosting;

/// <summary>Registers the context store chosen by configuration, as one <see cref="IContextStoreRuntime"/>.</summary>
internal static class ContextStoreRegistration
{
    /// <summary>
    /// Redis (retrying, with the task-affine cache unless <c>Momentary:Redis:CacheCustomers</c> is 0) when
    /// <c>Momentary:Redis:Configuration</c> is set, otherwise the in-memory store (single process only).
    /// </summary>
    public static IServiceCollection AddMomentaryContextStore(this IServiceCollection services)
    {
        services.AddSingleton<IContextStoreRuntime>(sp =>
        {
            var redis = EngineSettingsFactory.Redis(sp.GetRequiredService<IOptions<MomentaryOptions>>().Value);
            return redis is null ? new InMemoryContextRuntime() : RedisContextRuntime.Connect(redis, sp.GetRequiredService<TimeProvider>());
        });
        return services;
    }
}
