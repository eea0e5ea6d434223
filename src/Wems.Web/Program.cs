using Wems.Web.Auth;
using Wems.Web.Cases;
using Wems.Web.Cli;
using Wems.Web.Health;
using Wems.Web.Infrastructure;
using Wems.Web.OgcFeatures;

if (WemsCli.IsCommand(args))
{
    return await WemsCli.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args.SkipWhile(a => a == "serve").ToArray());
builder.AddWemsLogging();
builder.Services
    .AddWemsDatabase()
    .AddWemsProblems()
    .AddWemsAuth()
    .AddOgcFeatures()
    .AddCaseApi()
    .AddWemsTiles()
    .AddOpenApi(o => o.OpenApiVersion = Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_0);

var app = builder.Build();
app.UseWemsProblems();
app.UseWemsAuth();
app.MapOpenApi("/openapi/{documentName}.json");
app.MapHealth();
app.MapAuth();
app.MapOgcFeatures();
app.MapCaseApi();
app.MapTiles();

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the HTTP tests' WebApplicationFactory.</summary>
public partial class Program;
