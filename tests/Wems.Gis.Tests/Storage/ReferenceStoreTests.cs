using Wems.Gis.Cases;
using Wems.Gis.Demo;
using Wems.Gis.Reference;
using Wems.Gis.Storage;
using Wems.Gis.Tests.Support;

namespace Wems.Gis.Tests.Storage;

public sealed class ReferenceStoreTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Loading_the_reference_data_again_changes_no_count()
    {
        var store = new ReferenceStore(db.DataSource);
        var before = await CountsAsync();

        await store.LoadAsync(ReferenceDataFiles.FindDataDirectory());

        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task The_stored_Kenya_Tanzania_border_has_the_length_of_the_data_file()
    {
        await using var command = db.DataSource.CreateCommand(
            "select length_km, ST_Length(geom::geography) / 1000 from border where iso2_a = 'KE' and iso2_b = 'TZ'");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        // PostGIS measures the stored line on the spheroid; it must agree with the file's Vincenty length.
        Assert.InRange(reader.GetDouble(0), 740, 790);
        Assert.Equal(reader.GetDouble(0), reader.GetDouble(1), 0.5);
    }

    [Fact]
    public async Task Generated_demo_cases_pass_validation_against_the_stored_reference_data()
    {
        var context = await new ReferenceStore(db.DataSource).LoadValidationContextAsync();
        var data = ReferenceDataFiles.FindDataDirectory();
        var world = new DemoWorld(ReferenceDataFiles.LoadSites(data), ReferenceDataFiles.LoadSpecies(data));

        var errors = DemoCaseGenerator.Generate(world, new DemoOptions { Cases = 2000 })
            .SelectMany(c => CaseValidator.Validate(c, context, new DateOnly(2025, 1, 1)).Select(p => (c.Reference, p)))
            .Where(x => x.p.Severity == ProblemSeverity.Error)
            .ToList();

        Assert.Empty(errors);
    }

    [Fact]
    public async Task Planted_data_quality_problems_are_caught_by_validation()
    {
        var context = await new ReferenceStore(db.DataSource).LoadValidationContextAsync();
        var data = ReferenceDataFiles.FindDataDirectory();
        var world = new DemoWorld(ReferenceDataFiles.LoadSites(data), ReferenceDataFiles.LoadSpecies(data));
        var options = new DemoOptions { Cases = 2000, DataQualityProblemShare = 0.05 };

        var planted = DemoCaseGenerator.Generate(world, options).Where(DemoCaseGenerator.HasDataQualityProblem).ToList();

        Assert.NotEmpty(planted);
        Assert.All(planted, c => Assert.NotEmpty(CaseValidator.Validate(c, context, options.End)));
    }

    private async Task<(long, long, long, long)> CountsAsync()
    {
        await using var command = db.DataSource.CreateCommand(
            "select (select count(*) from country), (select count(*) from border), (select count(*) from site), (select count(*) from species)");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }
}
