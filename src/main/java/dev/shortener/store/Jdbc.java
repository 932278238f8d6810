package dev.shortener.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Plain SQL on the caller's connection without the statement boilerplate: a query with a row mapper, an update, a
 * JDBC batch. Parameters bind by their Java type; {@code null} binds as a null VARCHAR, {@link #nullOf} as a typed one.
 */
public final class Jdbc {

    private Jdbc() {
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        /** The value of the current row. */
        T map(ResultSet rs) throws SQLException;
    }

    /** Takes rows one at a time, and may fail with {@code E} as well. */
    @FunctionalInterface
    public interface RowConsumer<E extends Exception> {
        /** Takes the current row. */
        void accept(ResultSet rs) throws SQLException, E;
    }

    /** The parameters of one statement of a batch. */
    @FunctionalInterface
    public interface Params<T> {
        /** The parameters for {@code item}, in placeholder order. */
        Object[] of(T item) throws SQLException;
    }

    /** A null of a given {@link Types SQL type}, for drivers that must know it. */
    public record TypedNull(int sqlType) {
    }

    /** A null bound as {@code sqlType}. */
    public static TypedNull nullOf(int sqlType) {
        return new TypedNull(sqlType);
    }

    /** Its arguments as the parameter array of a batch statement. */
    public static Object[] params(Object... values) {
        return values;
    }

    /** Every row of a query, mapped. */
    public static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        List<T> rows = new ArrayList<>();
        forEach(c, sql, 0, rs -> rows.add(mapper.map(rs)), params);
        return rows;
    }

    /** The first row of a query, mapped; empty when there is none. */
    public static <T> Optional<T> queryFirst(Connection c, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        try (PreparedStatement statement = prepare(c, sql, params); ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
        }
    }

    /** Streams the rows of a query to {@code sink}, {@code fetchSize} at a time from the server (0: driver default). */
    public static <E extends Exception> void forEach(Connection c, String sql, int fetchSize, RowConsumer<E> sink,
            Object... params) throws SQLException, E {
        try (PreparedStatement statement = prepare(c, sql, params)) {
            statement.setFetchSize(fetchSize);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    sink.accept(rs);
                }
            }
        }
    }

    /** Runs an INSERT, UPDATE or DELETE; answers the rows it changed. */
    public static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = prepare(c, sql, params)) {
            return statement.executeUpdate();
        }
    }

    /** Runs one statement per item as a JDBC batch (one round trip); answers the rows each changed. */
    public static <T> int[] batch(Connection c, String sql, Iterable<T> items, Params<T> params) throws SQLException {
        return batch(c, sql, items.iterator(), Integer.MAX_VALUE, params);
    }

    /**
     * {@link #batch(Connection, String, Iterable, Params)} sent every {@code flushEvery} items, so that a long
     * iterator is never held in the driver at once; answers the rows each statement changed.
     */
    public static <T> int[] batch(Connection c, String sql, Iterator<T> items, int flushEvery, Params<T> params)
            throws SQLException {
        List<int[]> parts = new ArrayList<>();
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            int queued = 0;
            while (items.hasNext()) {
                bind(statement, params.of(items.next()));
                statement.addBatch();
                if (++queued == flushEvery) {
                    parts.add(statement.executeBatch());
                    queued = 0;
                }
            }
            if (queued > 0) {
                parts.add(statement.executeBatch());
            }
        }
        return parts.size() == 1 ? parts.get(0) : parts.stream().flatMapToInt(Arrays::stream).toArray();
    }

    /** A SQL array of {@code type} (e.g. {@code text}, {@code int4}) for an {@code ANY(?)} or {@code unnest(?)}. */
    public static Array array(Connection c, String type, Object[] values) throws SQLException {
        return c.createArrayOf(type, values);
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement statement = c.prepareStatement(sql);
        try {
            bind(statement, params);
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private static void bind(PreparedStatement statement, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            int p = i + 1;
            switch (params[i]) {
                case null -> statement.setNull(p, Types.VARCHAR);
                case TypedNull n -> statement.setNull(p, n.sqlType());
                case String s -> statement.setString(p, s);
                case Integer n -> statement.setInt(p, n);
                case Long n -> statement.setLong(p, n);
                case Boolean b -> statement.setBoolean(p, b);
                case Array a -> statement.setArray(p, a);
                default -> statement.setObject(p, params[i]);
            }
        }
    }
}
