using Npgsql;
using Wems.Gis.Cases;
using Wems.Gis.Storage;
using Wems.Gis.Tests.Support;

namespace Wems.Gis.Tests.Storage;

public sealed class CaseRepositoryTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private CaseRepository Repository => new(db.DataSource, new SharingRule());

    internal static SeizureCase NewCase(string reference) => new()
    {
        AgencyCode = "KWS",
        Reference = reference,
        Date = new DateOnly(2023, 8, 2),
        Time = new TimeOnly(6, 45),
        Country = "KE",
        PlaceName = "Nairobi National Park, south boundary",
        // Inside Nairobi National Park, > 100 km from any international border.
        Location = new GeoPoint(36.8402, -1.3731),
        LocationPrecision = LocationPrecision.Approximate,
        LocationType = "protected-area",
        DetectionMethod = "patrol",
        Reason = "poaching",
        Status = CaseStatus.Closed,
        TransportMode = "on-foot",
        Concealment = "none",
        Specimens =
        [
            new SpecimenLine("Loxodonta africana", "TUS", 2, null, 9000m, "USD"),
            new SpecimenLine("Loxodonta africana", "TUS", 14.5m, "KIL"),
        ],
        Outcome = new CaseOutcome { Arrests = 2, Law = "Wildlife Conservation and Management Act 2013", Disposal = "held-as-evidence" },
        IccwcConsent = true,
        Nominal = new NominalData
        {
            Offenders = [new Offender("Test Offender One", ["T1"], "M", new DateOnly(1985, 4, 1), "KE", ["P0000001"], "poacher")],
            Conveyances = [new Conveyance("vehicle", "KXX 000X", "white pick-up")],
            Notes = [new InvestigatorNote("Tip-off from park staff.", true)],
        },
    };

    [Fact]
    public async Task A_stored_case_reads_back_with_every_field_and_its_nominal_data()
    {
        var seizure = NewCase("T-ROUNDTRIP-1");

        var id = await Repository.InsertAsync(seizure, "test-officer");
        var read = await Repository.GetAsync(id, includeNominal: true);

        Assert.NotNull(read);
        Assert.Equal(seizure.Reference, read.Reference);
        Assert.Equal(seizure.Date, read.Date);
        Assert.Equal(seizure.Time, read.Time);
        Assert.Equal(seizure.Location.X, read.Location.X, 9);
        Assert.Equal(seizure.Location.Y, read.Location.Y, 9);
        Assert.Equal(seizure.LocationPrecision, read.LocationPrecision);
        Assert.Equal(seizure.Outcome, read.Outcome);
        Assert.Equal(seizure.Specimens, read.Specimens);
        Assert.Equal("Test Offender One", Assert.Single(read.Nominal!.Offenders).Name);
        Assert.Equal(["P0000001"], read.Nominal.Offenders[0].IdentityNumbers);
        Assert.True(Assert.Single(read.Nominal.Notes).InformantRelated);
    }

    [Fact]
    public async Task Reading_without_nominal_data_leaves_it_out()
    {
        var id = await Repository.InsertAsync(NewCase("T-NONOMINAL-1"), "test-officer");

        var read = await Repository.GetAsync(id, includeNominal: false);

        Assert.Null(read!.Nominal);
    }

    [Fact]
    public async Task A_second_case_with_the_same_agency_and_reference_is_refused_and_the_first_kept()
    {
        var first = await Repository.InsertAsync(NewCase("T-DUP-1"), "test-officer");

        var error = await Assert.ThrowsAsync<PostgresException>(() => Repository.InsertAsync(NewCase("T-DUP-1") with { PlaceName = "other" }, "test-officer"));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        Assert.Equal("Nairobi National Park, south boundary", (await Repository.GetAsync(first, false))!.PlaceName);
    }

    [Fact]
    public async Task A_case_far_from_borders_with_a_domestic_chain_is_not_transboundary()
    {
        var id = await Repository.InsertAsync(NewCase("T-DOMESTIC-1"), "test-officer");

        Assert.False(await TransboundaryAsync(id));
    }

    [Fact]
    public async Task A_trade_chain_naming_another_country_makes_the_case_transboundary()
    {
        var seizure = NewCase("T-CHAIN-1") with
        {
            TradeChain = [new TradeChainEntry("KE", TradeRole.Origin, true, false), new TradeChainEntry("VN", TradeRole.Destination, false, true)],
        };

        var id = await Repository.InsertAsync(seizure, "test-officer");

        Assert.True(await TransboundaryAsync(id));
    }

    [Fact]
    public async Task A_seizure_within_ten_km_of_the_border_is_transboundary()
    {
        // Namanga town, Kenya side: about 1 km from the Kenya–Tanzania border.
        var seizure = NewCase("T-NEARBORDER-1") with { Location = new GeoPoint(36.7905, -2.5460), LocationType = "road-check" };

        var id = await Repository.InsertAsync(seizure, "test-officer");

        Assert.True(await TransboundaryAsync(id));
    }

    [Fact]
    public async Task A_seizure_at_an_airport_is_transboundary()
    {
        var id = await Repository.InsertAsync(NewCase("T-AIRPORT-1") with { Location = new GeoPoint(36.9275, -1.3192), LocationType = "airport" }, "test-officer");

        Assert.True(await TransboundaryAsync(id));
    }

    [Fact]
    public async Task Every_write_is_audited_with_its_actor()
    {
        var id = await Repository.InsertAsync(NewCase("T-AUDIT-1"), "officer-audit");

        await using var command = db.DataSource.CreateCommand(
            "select table_name, count(*) from audit_log where case_id = $1 and actor = 'officer-audit' and operation = 'INSERT' group by 1 order by 1");
        command.Parameters.AddWithValue(id);
        var rows = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows[reader.GetString(0)] = reader.GetInt64(1);
        }

        // The sharing rule's update of the case row is audited too, as an UPDATE.
        Assert.Equal(new Dictionary<string, long>
        {
            ["case_conveyance"] = 1, ["case_note"] = 1, ["case_offender"] = 1, ["seizure_case"] = 1, ["specimen"] = 2,
        }, rows);
    }

    private static readonly CallerScope KenyaWildlife = CallerScope.National("ke-officer", "KE", "KWS");

    [Fact]
    public async Task Creating_the_same_case_twice_under_a_scope_stores_it_once_and_names_it_again()
    {
        var first = await Repository.CreateAsync(NewCase("T-SCOPED-RETRY-1"), KenyaWildlife);
        var again = await Repository.CreateAsync(NewCase("T-SCOPED-RETRY-1"), KenyaWildlife);
        var other = await Repository.CreateAsync(NewCase("T-SCOPED-RETRY-1") with { PlaceName = "other" }, KenyaWildlife);

        Assert.Equal(CaseWriteOutcome.Created, first.Outcome);
        Assert.Equal(new CaseWriteResult(CaseWriteOutcome.Replayed, first.Id, 1), again);
        Assert.Equal(new CaseWriteResult(CaseWriteOutcome.DuplicateReference, first.Id, 1), other);
    }

    [Fact]
    public async Task An_update_at_a_stale_version_writes_nothing()
    {
        var created = await Repository.CreateAsync(NewCase("T-SCOPED-STALE-1"), KenyaWildlife);
        await Repository.UpdateAsync(created.Id, NewCase("T-SCOPED-STALE-1") with { PlaceName = "first" }, 1, KenyaWildlife);

        var stale = await Repository.UpdateAsync(created.Id, NewCase("T-SCOPED-STALE-1") with { PlaceName = "second" }, 1, KenyaWildlife);

        Assert.Equal(new CaseWriteResult(CaseWriteOutcome.VersionMismatch, created.Id, 2), stale);
        Assert.Equal("first", (await Repository.GetAsync(created.Id, KenyaWildlife))!.Case.PlaceName);
    }

    [Fact]
    public async Task A_regional_reader_gets_a_shared_case_without_nominal_data_and_no_domestic_one()
    {
        var shared = await Repository.CreateAsync(NewCase("T-SCOPED-SHARED-1") with { Location = new GeoPoint(36.9275, -1.3192), LocationType = "airport" },
            KenyaWildlife);
        var domestic = await Repository.CreateAsync(NewCase("T-SCOPED-DOMESTIC-1"), KenyaWildlife);
        var region = CallerScope.Regional("latf-analyst", "LATF");

        var read = await Repository.GetAsync(shared.Id, region);

        Assert.NotNull(read);
        Assert.True(read.Transboundary);
        Assert.Null(read.Case.Nominal);
        Assert.Null(await Repository.GetAsync(domestic.Id, region));
    }

    [Fact]
    public async Task Another_countrys_caller_can_neither_see_nor_delete_a_case()
    {
        var created = await Repository.CreateAsync(NewCase("T-SCOPED-TZ-1"), KenyaWildlife);
        var tanzania = CallerScope.National("tz-officer", "TZ", "TAWA");

        var deleted = await Repository.DeleteAsync(created.Id, null, tanzania);

        Assert.Equal(CaseWriteOutcome.NotFound, deleted.Outcome);
        Assert.Null(await Repository.GetAsync(created.Id, tanzania));
        Assert.NotNull(await Repository.GetAsync(created.Id, KenyaWildlife));
    }

    [Fact]
    public async Task A_soft_deleted_case_is_kept_but_no_longer_read()
    {
        var created = await Repository.CreateAsync(NewCase("T-SCOPED-DELETE-1"), KenyaWildlife);

        var deleted = await Repository.DeleteAsync(created.Id, 1, KenyaWildlife);

        Assert.Equal(new CaseWriteResult(CaseWriteOutcome.Updated, created.Id, 2), deleted);
        Assert.Null(await Repository.GetAsync(created.Id, KenyaWildlife));
        await using var command = db.DataSource.CreateCommand("select count(*) from seizure_case where id = $1 and deleted_at is not null");
        command.Parameters.AddWithValue(created.Id);
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    private async Task<bool> TransboundaryAsync(Guid id)
    {
        await using var command = db.DataSource.CreateCommand("select transboundary from seizure_case where id = $1");
        command.Parameters.AddWithValue(id);
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
