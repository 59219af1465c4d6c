using Microsoft.Extensions.Options;
using SlackChampionBot.Features.Stars;
using SlackChampionBot.Features.Teams;
using SlackChampionBot.Hosting;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Champions;

internal static class ChampionsFeature
{
    /// <summary>Customer Champion nominations, Champion of the Week and milestone titles.</summary>
    public static IServiceCollection AddChampions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ChampionsOptions>()
            .Bind(configuration.GetSection(ChampionsOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<ChampionsOptions>, ChampionsOptionsSetup>();
        services.AddSingleton<IValidateOptions<ChampionsOptions>, ChampionsOptionsValidator>();
        services.AddUserGroupSource(sp => sp.GetRequiredService<IOptions<ChampionsOptions>>().Value.ManagerGroup is { Length: > 0 } group ? [group] : []);

        services.AddScoped<ManagerRoster>();
        services.AddScoped<ChampionService>();
        services.AddScoped<ChampionNotices>();
        services.AddScoped<MilestoneTitles>();
        services.AddScoped<IStarsChangedObserver>(sp => sp.GetRequiredService<MilestoneTitles>());
        services.AddScoped<ITitleService, TitleService>();
        services.AddRecurringJob<ChampionNoticeSweepJob>(ChampionNoticeSweepJob.JobId, _ => ChampionNoticeSweepJob.Cron, runAtStartup: true);
        services.AddStartupNotice(sp =>
        {
            var o = sp.GetRequiredService<IOptions<ChampionsOptions>>().Value;
            var logger = sp.GetRequiredService<ILogger<ChampionNotices>>();
            if (!o.AnyManagersConfigured)
            {
                ChampionsLog.NoManagers(logger);
            }

            if (string.IsNullOrWhiteSpace(o.AnnounceChannel))
            {
                ChampionsLog.NoAnnounceChannel(logger);
            }
        });
        return services;
    }

    public static ServiceCollectionSlackServiceConfiguration RegisterChampionsHandlers(this ServiceCollectionSlackServiceConfiguration slack) => slack
        .RegisterSlashCommandHandler<ChampionCommand>(ChampionCommand.Command)
        .RegisterViewSubmissionHandler<NominateChampionSubmission>(NominateChampionSubmission.CallbackId);
}
