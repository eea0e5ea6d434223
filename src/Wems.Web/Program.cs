using Wems.Web.Cli;
using Wems.Web.Health;
using Wems.Web.Infrastructure;

if (WemsCli.IsCommand(args))
{
    return await WemsCli.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args.SkipWhile(a => a == "serve").ToArray());
builder.AddWemsLogging();
builder.Services
    .AddWemsDatabase()
    .AddWemsProblems()
    .AddOpenApi();

var app = builder.Build();
app.UseWemsProblems();
app.MapOpenApi("/openapi/{documentName}.json");
app.MapHealth();

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the HTTP tests' WebApplicationFactory.</summary>
public partial class Program;
