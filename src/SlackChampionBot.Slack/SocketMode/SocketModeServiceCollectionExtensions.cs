using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace SlackChampionBot.Slack.SocketMode;

internal static class SocketModeServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Socket Mode client (a hosted service that stays idle unless <see cref="SlackAdapterOptions.UseSocketMode"/>),
    /// <see cref="SocketModeStatus"/> for readiness probes, and <see cref="SocketModeOptions"/>. Needs
    /// <see cref="WebApi.ISlackApiClient"/> and <see cref="Dispatch.ISlackInboundDispatcher"/>. Safe to call twice.
    /// </summary>
    public static IServiceCollection AddSlackSocketMode(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(SocketModeClient)))
        {
            return services;
        }

        services.AddOptions<SocketModeOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SocketModeStatus>();
        services.TryAddSingleton<SocketModeEnvelopeProcessor>();
        services.AddSingleton<SocketModeClient>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<SocketModeClient>());
        return services;
    }
}
