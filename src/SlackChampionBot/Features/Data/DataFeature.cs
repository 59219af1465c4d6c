using Microsoft.Extensions.Options;
using SlackChampionBot.Scheduling;

namespace SlackChampionBot.Features.Data;

internal static class DataFeature
{
    /// <summary>
    /// HR's and a person's own recognition data: the ledger export and the fair-play audit (through <c>/stars</c>, for HR
    /// and <c>Data:Admins</c>), <c>/stars mydata</c>, erasure (<c>/stars forget</c>) and the retention of win texts.
    /// </summary>
    public static IServiceCollection AddData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DataOptions>().Bind(configuration.GetSection(DataOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DataOptions>, DataOptionsValidator>();
        services.AddScoped<StarsDataCommand>();
        services.AddScoped<StarsExport>();
        services.AddScoped<MyData>();
        services.AddScoped<PersonEraser>();
        services.AddScoped<DataJobs>();
        services.AddRecurringJob<WinTextRetentionJob>(WinTextRetentionJob.JobId, sp => sp.GetRequiredService<IOptions<DataOptions>>().Value.RetentionCron);
        return services;
    }
}
