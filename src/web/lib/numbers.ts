/** A number typed in a field, with a French or an English decimal mark ("49,846", "49.846"); blank is none. */
export const parseTypedNumber = (text: string) =>
  text.trim() === '' ? undefined : Number(text.trim().replace(',', '.'))

const coordinate = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 5 })
/** "45,4397, 4,3872": a point as an agent reads it (five decimals, about a metre). */
export const formatPoint = (latitude: number, longitude: number) =>
  `${coordinate.format(latitude)}, ${coordinate.format(longitude)}`
