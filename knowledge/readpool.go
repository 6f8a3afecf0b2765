package knowledge

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// mmapSize is how much of the database file read connections map into
// memory. Looking up the facts an answer returns touches a few pages
// scattered over the file; through mapped memory that costs no system call
// per page, which at 100k facts was a quarter of the time spent loading
// them. Mapped pages live in the operating system's page cache, shared by
// every connection, and count towards resident memory once touched.
const mmapSize = 1 << 30

// openReadPool opens the pool of read-only connections with the database
// file memory-mapped.
func openReadPool(dsn string) *sql.DB {
	return sql.OpenDB(mmapConnector{dsn: dsn, driver: &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			if _, err := c.Exec(fmt.Sprintf("PRAGMA mmap_size = %d", mmapSize), nil); err != nil {
				return fmt.Errorf("cannot map knowledge base into memory: %w", err)
			}
			return nil
		},
	}})
}

// mmapConnector opens connections through a go-sqlite3 driver of its own,
// so the connect hook applies to the read pool only and nothing is
// registered globally.
type mmapConnector struct {
	dsn    string
	driver *sqlite3.SQLiteDriver
}

func (c mmapConnector) Connect(context.Context) (driver.Conn, error) { return c.driver.Open(c.dsn) }

func (c mmapConnector) Driver() driver.Driver { return c.driver }
