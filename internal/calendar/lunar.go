package calendar

import (
	"math"
	"time"
)

// The Vietnamese lunar calendar, after Hồ Ngọc Đức's published algorithm
// ("Âm lịch Việt Nam", 2004): months begin on the day of the new moon and
// month 11 is the one holding the winter solstice, both reckoned at UTC+7.
// The Chinese calendar reckons at UTC+8, so a new moon shortly before
// midnight in Hà Nội starts a month one day apart (Tết 1985 and 2007 fall a
// day earlier in Vietnam than in China). The astronomy is Meeus's simplified
// series, accurate to minutes for the years a working calendar needs.

// vnZone is the offset of Vietnam's civil time from UTC, in hours.
const vnZone = 7.0

// julianDay is the Julian day number of a Gregorian date.
func julianDay(y int, m time.Month, d int) int {
	a := (14 - int(m)) / 12
	yy := y + 4800 - a
	mm := int(m) + 12*a - 3
	return d + (153*mm+2)/5 + 365*yy + yy/4 - yy/100 + yy/400 - 32045
}

// fromJulianDay is the Gregorian date of a Julian day number.
func fromJulianDay(jd int) time.Time {
	a := jd + 32044
	b := (4*a + 3) / 146097
	c := a - b*146097/4
	d := (4*c + 3) / 1461
	e := c - 1461*d/4
	m := (5*e + 2) / 153
	day := e - (153*m+2)/5 + 1
	month := m + 3 - 12*(m/10)
	year := b*100 + d - 4800 + m/10
	return date(year, time.Month(month), day)
}

// newMoon is the Julian day (with fraction, UT) of the k-th new moon
// after 1900-01-01.
func newMoon(k int) float64 {
	kf := float64(k)
	t := kf / 1236.85 // Julian centuries from 1900 January 0.5
	t2, t3 := t*t, t*t*t
	const dr = math.Pi / 180
	jd1 := 2415020.75933 + 29.53058868*kf + 0.0001178*t2 - 0.000000155*t3
	jd1 += 0.00033 * math.Sin((166.56+132.87*t-0.009173*t2)*dr)
	m := 359.2242 + 29.10535608*kf - 0.0000333*t2 - 0.00000347*t3    // sun's mean anomaly
	mpr := 306.0253 + 385.81691806*kf + 0.0107306*t2 + 0.00001236*t3 // moon's mean anomaly
	f := 21.2964 + 390.67050646*kf - 0.0016528*t2 - 0.00000239*t3    // moon's argument of latitude
	c1 := (0.1734-0.000393*t)*math.Sin(m*dr) + 0.0021*math.Sin(2*dr*m)
	c1 -= 0.4068*math.Sin(mpr*dr) - 0.0161*math.Sin(dr*2*mpr)
	c1 -= 0.0004 * math.Sin(dr*3*mpr)
	c1 += 0.0104*math.Sin(dr*2*f) - 0.0051*math.Sin(dr*(m+mpr))
	c1 -= 0.0074*math.Sin(dr*(m-mpr)) - 0.0004*math.Sin(dr*(2*f+m))
	c1 -= 0.0004*math.Sin(dr*(2*f-m)) + 0.0006*math.Sin(dr*(2*f+mpr))
	c1 += 0.0010*math.Sin(dr*(2*f-mpr)) + 0.0005*math.Sin(dr*(2*mpr+m))
	var deltaT float64
	if t < -11 {
		deltaT = 0.001 + 0.000839*t + 0.0002261*t2 - 0.00000845*t3 - 0.000000081*t*t3
	} else {
		deltaT = -0.000278 + 0.000265*t + 0.000262*t2
	}
	return jd1 + c1 - deltaT
}

// sunLongitude is the sun's apparent longitude in radians, in [0, 2π), at
// the Julian day jdn (with fraction, UT).
func sunLongitude(jdn float64) float64 {
	t := (jdn - 2451545.0) / 36525 // Julian centuries from 2000-01-01 12:00 UT
	t2 := t * t
	const dr = math.Pi / 180
	m := 357.52910 + 35999.05030*t - 0.0001559*t2 - 0.00000048*t*t2 // mean anomaly
	l0 := 280.46645 + 36000.76983*t + 0.0003032*t2                  // mean longitude
	dl := (1.914600 - 0.004817*t - 0.000014*t2) * math.Sin(dr*m)
	dl += (0.019993-0.000101*t)*math.Sin(dr*2*m) + 0.000290*math.Sin(dr*3*m)
	l := (l0 + dl) * dr
	return l - 2*math.Pi*math.Floor(l/(2*math.Pi))
}

// sunSector is the sun's longitude at the local midnight that starts the
// day jd, as the index 0..11 of its 30° sector (sector 9 starts at the
// winter solstice).
func sunSector(jd int) int {
	return int(math.Floor(sunLongitude(float64(jd)-0.5-vnZone/24) / math.Pi * 6))
}

// newMoonDay is the Julian day number, in Vietnam's time, of the k-th new moon.
func newMoonDay(k int) int { return int(math.Floor(newMoon(k) + 0.5 + vnZone/24)) }

// synodicMonth is the mean length of a lunar month in days.
const synodicMonth = 29.530588853

// month11 is the Julian day on which lunar month 11 of the lunar year
// that mostly overlaps solar year y begins: the month holding the winter
// solstice of December y.
func month11(y int) int {
	off := julianDay(y, 12, 31) - 2415021
	k := int(math.Floor(float64(off) / synodicMonth))
	nm := newMoonDay(k)
	if sunSector(nm) >= 9 {
		nm = newMoonDay(k - 1)
	}
	return nm
}

// leapMonthOffset is the position, counted in months after month 11 that
// starts on a11, of the leap month: the first month with no solar term.
func leapMonthOffset(a11 int) int {
	k := int(math.Floor((float64(a11)-2415021.076998695)/synodicMonth + 0.5))
	i := 1
	arc := sunSector(newMoonDay(k + i))
	for {
		last := arc
		i++
		arc = sunSector(newMoonDay(k + i))
		if arc == last || i >= 14 {
			break
		}
	}
	return i - 1
}

// LunarToSolar returns the solar date of day d of lunar month m (1–12) of
// the lunar year y in Vietnam; leap asks for the leap month of that
// number. ok is false when the date does not exist (no such leap month,
// or day out of 1–30).
func LunarToSolar(d, m, y int, leap bool) (time.Time, bool) {
	if d < 1 || d > 30 || m < 1 || m > 12 {
		return time.Time{}, false
	}
	var a11, b11 int
	if m < 11 {
		a11, b11 = month11(y-1), month11(y)
	} else {
		a11, b11 = month11(y), month11(y+1)
	}
	k := int(math.Floor(0.5 + (float64(a11)-2415021.076998695)/synodicMonth))
	off := m - 11
	if off < 0 {
		off += 12
	}
	switch {
	case b11-a11 > 365: // a leap year: 13 months between the two months 11
		leapOff := leapMonthOffset(a11)
		leapMonth := leapOff - 2
		if leapMonth < 0 {
			leapMonth += 12
		}
		if leap && m != leapMonth {
			return time.Time{}, false
		}
		if leap || off >= leapOff {
			off++
		}
	case leap:
		return time.Time{}, false
	}
	start := newMoonDay(k + off)
	if d > 29 && newMoonDay(k+off+1)-start < 30 {
		return time.Time{}, false
	}
	return fromJulianDay(start + d - 1), true
}

// Tet is the first day of the lunar year (mùng 1 Tết Nguyên đán) that
// begins in solar year y.
func Tet(y int) time.Time {
	t, _ := LunarToSolar(1, 1, y, false)
	return t
}

// HungKings is Giỗ Tổ Hùng Vương, the 10th day of the 3rd lunar month
// (never the leap month) of the lunar year beginning in solar year y.
func HungKings(y int) time.Time {
	t, _ := LunarToSolar(10, 3, y, false)
	return t
}
