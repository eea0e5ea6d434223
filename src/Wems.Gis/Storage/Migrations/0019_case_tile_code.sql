-- A quadtree (Morton) code of each case's Web-Mercator position, and a covering B-tree on it, for the case point
-- tiles (zoom 9 and more, Wems.Gis.Tiles.CaseTileLayers and CaseTileCode).
--
-- A point tile over an airport or a border post holds ~16,000 cases at 1,000,000. Read through the GiST index, each
-- of them was a heap fetch from a different page (the heap is in load order, not in space): ~16,000 buffers and
-- 100-230 ms a tile. With the code, a tile is one range of the B-tree (its four-pixel buffer squares a few hundred
-- small ones), the index holds every column the tile draws (INCLUDE), so the tile is an index-only scan of a few
-- hundred consecutive pages, and the merge squares of the tile are code prefixes.
--
-- The code interleaves the bits of the column and the row (counted from the south-west corner) of the position on
-- the 2^31 x 2^31 grid of the EPSG:3857 square (about 2 cm at the equator), column bit above row bit: the cell of zoom
-- z that holds the point is the code's top 2z bits (code >> 2 (31 - z)). x and y are the spherical Mercator formulas,
-- as the tiles compute them. Outside the Mercator square (|latitude| > 85.0511°) the code is null: no tile draws it.
-- A generated column: every write (API, import, bulk COPY) gets it from the database, the bulk loader lists no value.

create function case_tile_code(g geometry) returns bigint language plpgsql immutable strict parallel safe as $$
declare
    x bigint;
    y bigint;
begin
    if ST_Y(g) not between -85.0511287798066 and 85.0511287798066 or ST_X(g) not between -180 and 180 then
        return null;
    end if;
    x := least(floor((ST_X(g) + 180) / 360 * 2147483648)::bigint, 2147483647);
    y := least(floor((0.5 + ln(tan(pi() / 4 + radians(ST_Y(g)) / 2)) / (2 * pi())) * 2147483648)::bigint, 2147483647);
    -- Spread the 31 bits of each to the even bit positions (magic numbers 0x0000FFFF0000FFFF ... 0x5555555555555555).
    x := (x | (x << 16)) & 281470681808895;
    x := (x | (x << 8)) & 71777214294589695;
    x := (x | (x << 4)) & 1085102592571150095;
    x := (x | (x << 2)) & 3689348814741910323;
    x := (x | (x << 1)) & 6148914691236517205;
    y := (y | (y << 16)) & 281470681808895;
    y := (y | (y << 8)) & 71777214294589695;
    y := (y | (y << 4)) & 1085102592571150095;
    y := (y | (y << 2)) & 3689348814741910323;
    y := (y | (y << 1)) & 6148914691236517205;
    return (x << 1) | y;
end $$;

comment on function case_tile_code(geometry) is
    'Morton code of a WGS84 point on the 2^31 grid of EPSG:3857 (column bit above row bit, rows from the south); null outside the Mercator square.';

alter table seizure_case add column tile_code bigint generated always as (case_tile_code(geom)) stored;

comment on column seizure_case.tile_code is 'Derived from geom (case_tile_code): quadtree code of the Web-Mercator position, for the point tiles.';

-- Covering: the columns of the point tiles (CaseTileLayers.PointSql) and of the tier policies (country,
-- transboundary; deleted_at is the predicate), so an unfiltered tile never reads the heap once the visibility map is
-- set (vacuum, which the bulk load and autovacuum run). The exclusive bulk loader drops and rebuilds it with the
-- other indexes (~2-3 s at 1,000,000 cases).
create index seizure_case_tile_code_idx on seizure_case (tile_code)
    include (country, transboundary, id, reference, event_date, agency_code, status, location_type, commodities, quantity_kg, geom)
    where deleted_at is null;
