using Microsoft.Extensions.Options;

namespace SlackChampionBot.Hosting;

/// <summary>
/// Checks every setting before the host starts, so that a bad setting stops the process with exit code 2 and one
/// line naming the key, instead of a stack trace.
/// </summary>
internal static class StartupValidation
{
    public const int ConfigurationErrorExitCode = 2;

    /// <summary>Returns the first configuration problem, or null when every option validates.</summary>
    public static string? FindProblem(IServiceProvider services)
    {
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return null;
        }
        catch (OptionsValidationException ex)
        {
            return ex.Failures.FirstOrDefault() ?? ex.Message;
        }
        catch (AggregateException ex) when (ex.InnerExceptions.OfType<OptionsValidationException>().Any())
        {
            return ex.InnerExceptions.OfType<OptionsValidationException>().First().Failures.FirstOrDefault();
        }
    }
}
