namespace Wems.Web.Infrastructure;

public static class Logging
{
    /// <summary>
    /// Structured (JSON) console logs in production, for log collectors; readable lines in Development and
    /// the Demo environment, where a person watches the terminal.
    /// </summary>
    public static WebApplicationBuilder AddWemsLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        if (builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Demo"))
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }
        else
        {
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        }

        return builder;
    }
}
