// Program.cs calls AddWemsTiles() and MapTiles() without a using of its own.
global using Wems.Web.Tiles;
