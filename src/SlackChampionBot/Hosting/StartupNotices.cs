using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SlackChampionBot.Hosting;

/// <summary>
/// A line a feature logs once as the host starts, about a setting that is allowed but probably not meant (no managers,
/// no announce channel, a salt that is no longer used). Logged after options are validated, before Slack connects.
/// </summary>
internal sealed record StartupNotice(Action<IServiceProvider> Log);

internal static class StartupNoticeServiceCollectionExtensions
{
    public static IServiceCollection AddStartupNotice(this IServiceCollection services, Action<IServiceProvider> log)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, StartupNotices>());
        return services.AddSingleton(new StartupNotice(log));
    }
}

internal sealed class StartupNotices(IEnumerable<StartupNotice> notices, IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var notice in notices)
        {
            notice.Log(services);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
